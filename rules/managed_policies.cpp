// IAM024 unknown-managed-policy, and IAM014's managed-policy part.
#include "rules/managed_policies.h"

#include "lint/fix.h"
#include "rules/rules.h"

namespace iamlint::rules {

ManagedTarget managed_target(const IamCatalog& cat, const ManagedPolicyRef& ref, const Alternative& a) {
  ManagedTarget t;
  std::string p = a.pattern();
  if (a.is_literal() && p.compare(0, 4, "arn:") != 0) {
    // A bare name. SAM Policies: [AmazonS3ReadOnlyAccess]: SAM turns a known name into its ARN and
    // passes anything else through, which IAM then rejects. Elsewhere a bare name is no ARN at all
    // (not IAM024's business), but a known one still says which policy was meant.
    if (p.empty() || p.find_first_of(" :/{}") != std::string::npos) return t;
    t.aws = t.decidable = ref.sam_name;
    t.written = p;
    t.policy = cat.find_managed_policy(p);
    return t;
  }
  constexpr std::string_view kMid = ":iam::aws:policy/";
  size_t at = p.find(kMid);
  if (p.compare(0, 4, "arn:") != 0 || at == std::string::npos || p.find(':', 4) != at) return t;
  t.aws = true;
  t.written = a.display();
  // The partition may be unknown (${AWS::Partition}); the path and name must be literal.
  if (p.find(kUnknownChar, at) != std::string::npos) return t;
  t.decidable = true;
  t.policy = cat.find_managed_policy("arn:aws" + p.substr(at));
  return t;
}

namespace {

// `arn` (arn:aws:iam::aws:policy/...) in the partition spelling the user wrote
// (arn:${AWS::Partition}:..., arn:aws-cn:...), or the bare name for a SAM name.
std::string as_written(const ManagedTarget& t, std::string_view arn, std::string_view name) {
  if (t.written.compare(0, 4, "arn:") != 0) return std::string(name);
  constexpr std::string_view kMid = ":iam::aws:policy/";
  size_t w = t.written.find(kMid), a = arn.find(kMid);
  if (w == std::string::npos || a == std::string_view::npos) return std::string(arn);
  return t.written.substr(0, w) + std::string(arn.substr(a));
}

std::string owner_of(const ManagedPolicyRef& ref) {
  return ref.owner ? ref.owner->describe() : std::string("this identity");
}

}  // namespace

void managed_policy_escalation(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& ref : m.managed_policies) {
    if (ref.boundary) continue;  // a boundary limits, it grants nothing
    for (const auto& a : ref.value.alts) {
      ManagedTarget t = managed_target(cat, ref, a);
      // AdministratorAccess is IAM001 only (IAM001 silences IAM014 on the same list item).
      if (!t.policy || t.policy->escalation.empty() || t.policy->name == "AdministratorAccess") continue;
      std::string_view esc = t.policy->escalation;
      bool pass_role = esc.rfind("iam:PassRole with ", 0) == 0;
      std::string what = pass_role ? "iam:PassRole on every role together with " + std::string(esc.substr(18)) +
                                         ": the holder can run code as any role it passes, including an admin one"
                                   : std::string(esc) + " on every IAM principal or policy: the holder can raise "
                                                        "its own permissions";
      sink.report(ref.node,
                  owner_of(ref) + " attaches the AWS managed policy " + std::string(t.policy->name) + ", which grants " +
                      what + ". Use a policy that grants only the IAM actions and roles the workload needs",
                  ref.owner, "managed:" + std::string(t.policy->name));
      break;
    }
  }
}

void unknown_managed_policy(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& ref : m.managed_policies) {
    for (const auto& a : ref.value.alts) {
      ManagedTarget t = managed_target(cat, ref, a);
      if (!t.aws || !t.decidable || t.policy) continue;
      std::string msg = std::string(ref.boundary ? "permissions boundary " : "") + t.written;
      // The one suggestion, as a fix (unsafe: another policy's permissions get attached).
      auto name_in = [](std::string_view arn_or_name) {
        size_t p = arn_or_name.find(":policy/");
        return std::string(p == std::string_view::npos ? arn_or_name : arn_or_name.substr(p + 8));
      };
      std::string suggestion;
      if (const auto* dep = cat.find_deprecated_managed_policy(t.written)) {
        const ManagedPolicy* repl = cat.find_managed_policy(dep->replacement);
        msg += " is a deprecated AWS managed policy: AWS no longer lets it be attached to a new role, user or "
               "group, so the deployment fails. Use its replacement " +
               (repl ? as_written(t, repl->arn, repl->name) : std::string(dep->replacement));
        if (repl) suggestion = name_in(repl->arn);
      } else {
        msg += " names no AWS managed policy (" + std::string(cat.managed_policies_version()) +
               "): CloudFormation fails to attach it";
        if (const ManagedPolicy* near = cat.closest_managed_policy(t.written)) {
          msg += ". Did you mean " + as_written(t, near->arn, near->name) + "?";
          suggestion = name_in(near->arn);
        }
      }
      Finding& f = sink.report(ref.node, msg, ref.owner, "unknown-managed:" + t.written);
      if (!suggestion.empty()) {
        std::string written = name_in(t.written);
        // A SAM bare name is written without its path.
        if (ref.sam_name && written.find('/') == std::string::npos) suggestion = suggestion.substr(suggestion.rfind('/') + 1);
        f.fix = fix::managed_policy_name(m, ref.node, written, suggestion);
      }
      break;
    }
  }
}

}  // namespace iamlint::rules
