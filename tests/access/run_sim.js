// Runs each request of tests/access/oracle.py (JSON lines on stdin) through
// @cloud-copilot/iam-simulate and prints one decision per line. The package is AGPL-3.0: it is
// installed at test time into the build directory by oracle.py and never vendored or shipped.
'use strict';
const path = require('path');
const readline = require('readline');
const { createRequire } = require('module');
const sim = createRequire(path.join(process.argv[2], 'package.json'))('@cloud-copilot/iam-simulate');

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
const lines = [];
rl.on('line', (l) => { if (l.trim()) lines.push(l); });
rl.on('close', async () => {
  const out = [];
  for (const l of lines) {
    const r = JSON.parse(l);
    const org = (levels) => (levels || []).map((lvl, i) => ({
      orgIdentifier: i === 0 ? 'r-root' : `ou-level${i}`,
      policies: lvl.map((p, j) => ({ name: `p${i}_${j}`, policy: p })),
    }));
    const simulation = {
      request: {
        principal: r.kind === 'anonymous' ? sim.anonymousPrincipal : r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.resource_account },
        contextVariables: r.context || {},
      },
      identityPolicies: (r.identity || []).map((p, i) => ({ name: `id${i}`, policy: p })),
      serviceControlPolicies: org(r.scps),
      resourceControlPolicies: org(r.rcps),
      resourcePolicy: r.resource_policy || undefined,
      permissionBoundaryPolicies: (r.boundary && r.boundary.length)
        ? r.boundary.map((p, i) => ({ name: `pb${i}`, policy: p })) : undefined,
    };
    const mode = r.closed === false ? 'Discovery' : 'Strict';
    try {
      const res = await sim.runSimulation(simulation, { simulationMode: mode });
      if (res.resultType === 'error') {
        out.push('error ' + JSON.stringify(res.errors.message));
        continue;
      }
      const analysis = res.resultType === 'single' ? res.result.analysis : undefined;
      let d = { Allowed: 'allowed', ExplicitlyDenied: 'explicit-deny', ImplicitlyDenied: 'implicit-deny' }[res.overallResult];
      // Discovery mode: an Allowed whose allowing conditions are not "always" depends on the
      // conditions it ignored (analysis.ignoredConditions): that is iamlint's `conditional`.
      if (mode === 'Discovery' && d === 'allowed' && analysis && analysis.conditions &&
          analysis.conditions.conditionType !== 'always') d = 'conditional';
      out.push(d);
    } catch (e) {
      out.push('error ' + JSON.stringify(String(e && e.message || e)));
    }
  }
  process.stdout.write(out.join('\n') + '\n');
});
