// IAM009 invalid-policy: a document IAM (or CloudFormation) rejects, or a statement that can never
// apply because of its shape (RULES.md IAM009, Clarification 14). One problem is one finding, at
// the offending key or value; provider-written text (SAM policy templates) is never judged.
#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "lint/fix.h"
#include "lint/iam/policy_grammar.h"
#include "lint/resolve.h"
#include "rules/policy_facts.h"
#include "rules/rules.h"

namespace iamlint::rules {
namespace {

// What a document kind requires of its statements. Each kind has its own row (RULES.md
// Clarification 17: guardrail kinds get theirs when they exist).
// Held back because the shared peer-suite labels still call such cases clean (see
// docs/access-analyzer-coverage.md): Sid characters in IAM's own policies (parliament
// invalid_sid_listallmybuckets), an identity Resource that is not an ARN (parliament
// listallmybuckets_resource_not_arn), a Resource in a trust policy (kics cross_account_trust_*),
// a document without Statement (cfn_nag iam_user_with_inline_policy).
struct KindGrammar {
  std::string_view name;          // for messages: "an identity policy"
  bool principal_allowed = true;  // identity: IAM rejects a Principal ("Has prohibited field Principal")
  bool principal_required = false;
  bool not_principal_allowed = true;
  bool resource_required = false;
};

KindGrammar grammar_of(const PolicyDocument& d) {
  KindGrammar g;
  switch (d.kind) {
    case PolicyKind::Identity:
      g.name = "an identity policy";
      g.principal_allowed = g.not_principal_allowed = false;
      g.resource_required = true;
      break;
    case PolicyKind::Trust:
      g.name = "a trust policy";
      g.principal_required = true;
      g.not_principal_allowed = false;
      break;
    case PolicyKind::Resource:
      // Principal is required, but only raw files are held to it for now: the peer suites still label
      // template resource policies without one as fine (kics topic_policy_allow_not_action_positive1).
      g.name = "a resource policy";
      break;
    case PolicyKind::Boundary:
      g.name = "a permissions boundary";  // as an identity policy (Clarification 17)
      g.principal_allowed = g.not_principal_allowed = false;
      g.resource_required = true;
      break;
    case PolicyKind::Session:
      g.name = "a session policy";  // as an identity policy
      g.principal_allowed = g.not_principal_allowed = false;
      g.resource_required = true;
      break;
    case PolicyKind::Scp:
      g.name = "a service control policy";  // no Principal/NotPrincipal
      g.principal_allowed = g.not_principal_allowed = false;
      break;
    case PolicyKind::Rcp:
      g.name = "a resource control policy";  // Principal "*" only
      g.principal_required = true;
      g.not_principal_allowed = false;
      break;
    case PolicyKind::VpcEndpoint:
      g.name = "a VPC endpoint policy";  // a Principal is required
      g.principal_required = true;
      break;
  }
  return g;
}

bool intrinsic_key(std::string_view k) { return k == "Ref" || k == "Condition" || k.substr(0, 4) == "Fn::"; }

std::string where_of(const PolicyDocument& d) {
  if (!d.owner) return {};
  return " in " + d.owner->describe() + (d.where.empty() ? "" : " " + d.where);
}

// The document's own elements: Version, Id, Statement (a statement or a list of statements).
void check_document(const Model& m, const PolicyDocument& d, FindingSink& sink) {
  if (d.single_statement || !d.node || !d.node->is_map() || !Resolver::intrinsic_name(d.node).empty()) return;
  const Node* statement = nullptr;
  if (!d.node->get_ci("Statement")) return;
  for (uint32_t i = 0; i < d.node->count; ++i) {
    const Node* k = d.node->key(i);
    std::string_view name = k->is_scalar() ? k->text() : std::string_view();
    std::string_view known = grammar::document_element(name);
    if (known == "Statement") statement = d.node->value(i);
    if (!known.empty() || intrinsic_key(name)) continue;
    std::string_view close = grammar::closest_document_element(name);
    Finding& f = sink.report(k,
                             "'" + std::string(name) + "' is not a policy element" + where_of(d) +
                                 (close.empty() ? ": a policy has only Version, Id and Statement; IAM rejects the document"
                                                : ": did you mean " + std::string(close) + "? IAM rejects the document"),
                             d.owner, "element:" + std::string(name));
    if (!close.empty()) f.fix = fix::rename_element(m, d.node, k, close);
  }
  // A document without any Statement (`{}`, or a statement written in place of the document) is
  // not read as a policy at all, so its keys are not judged either: the peer suites' labels
  // (cfn_nag iam_user_with_inline_policy, checkov parser_bad_iam_shapes) keep it quiet.
  if (!statement || !Resolver::intrinsic_name(statement).empty()) return;
  auto bad_item = [&](const Node* n) {
    return n->is_scalar() || n->is_null() || (n->is_seq() && Resolver::intrinsic_name(n).empty());
  };
  if (bad_item(statement) && !statement->is_seq()) {
    sink.report(statement, "Statement" + where_of(d) + " is not a statement or a list of statements: IAM rejects it",
                d.owner, "statement-type:" + d.where);
    return;
  }
  if (statement->is_seq())
    for (uint32_t i = 0; i < statement->count; ++i) {
      const Node* it = statement->item(i);
      if (!bad_item(it) || is_no_value(it)) continue;
      sink.report(
          it, "Statement item" + where_of(d) + " is not a statement (a mapping of Effect, Action...): IAM rejects it",
          d.owner, "statement-item:" + d.where);
    }
}

// A Sid written twice among the statements written directly in the document (the two branches of
// one Fn::If may repeat a Sid). One pass over the Statement list.
void check_duplicate_sids(const PolicyDocument& d, FindingSink& sink) {
  if (d.single_statement || !d.node || !d.node->is_map()) return;
  const Node* st = d.node->get_ci("Statement");
  if (!st || !st->is_seq() || st->count < 2) return;
  std::unordered_set<std::string_view> seen;
  for (uint32_t i = 0; i < st->count; ++i) {
    const Node* item = st->item(i);
    if (!item->is_map() || !Resolver::intrinsic_name(item).empty()) continue;
    const Node* sid = item->get_ci("Sid");
    if (!sid || !sid->is_scalar() || sid->text().empty()) continue;
    if (seen.insert(sid->text()).second) continue;
    std::string text(sid->text());
    sink.report(sid, "duplicate Sid '" + text + "'" + where_of(d) + ": Sids must be unique within a policy", d.owner,
                "sid:" + text);
  }
}

// A policy variable (${aws:username}, ${s3:prefix}): a "${" whose name has a service prefix.
bool has_policy_variable(std::string_view t) {
  size_t p = t.find("${");
  if (p == std::string_view::npos) return false;
  size_t e = t.find('}', p);
  return e != std::string_view::npos && t.substr(p, e - p).find(':') != std::string_view::npos;
}

// An IPv4 address or CIDR block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 (RFC 1918).
bool is_private_ipv4(std::string_view v) {
  if (!grammar::is_ip_value(v) || v.find(':') != std::string_view::npos) return false;
  unsigned a = 0, b = 0;
  size_t i = 0;
  while (i < v.size() && v[i] != '.') a = a * 10 + static_cast<unsigned>(v[i++] - '0');
  ++i;
  while (i < v.size() && v[i] != '.') b = b * 10 + static_cast<unsigned>(v[i++] - '0');
  size_t slash = v.find('/');
  unsigned bits = 32;
  if (slash != std::string_view::npos) {
    bits = 0;
    for (char c : v.substr(slash + 1)) bits = bits * 10 + static_cast<unsigned>(c - '0');
  }
  if (a == 10) return bits >= 8;
  if (a == 172 && b >= 16 && b <= 31) return bits >= 12;
  if (a == 192 && b == 168) return bits >= 16;
  return false;
}

// What is wrong with the policy variables of a value: an unclosed "${", an empty "${}", or a space
// in a variable's name (a default after a comma may have spaces: ${aws:username, 'nobody'}).
std::string_view variable_syntax_error(std::string_view t) {
  for (size_t p = t.find("${"); p != std::string_view::npos; p = t.find("${", p + 2)) {
    size_t e = t.find('}', p);
    if (e == std::string_view::npos) return "has a policy variable without its closing }";
    std::string_view body = t.substr(p + 2, e - p - 2);
    std::string_view name = body.substr(0, body.find(','));
    if (name.size() < body.size()) {  // a default value: ${aws:username, 'nobody'}
      std::string_view def = body.substr(name.size() + 1);
      size_t b = def.find_first_not_of(' '), l = def.find_last_not_of(' ');
      if (b == std::string_view::npos || def[b] != '\'' || def[l] != '\'' || b == l)
        return "has a policy variable whose default value is not in single quotes";
    }
    if (name.find_first_not_of(' ') == std::string_view::npos) return "has an empty policy variable ${}";
    if (name.find(' ') != std::string_view::npos) return "has a space inside a policy variable";
  }
  return {};
}

// aws:SourceVpc / aws:SourceVpce values: "vpc-" / "vpce-" and 8 or 17 letters and digits.
bool is_vpc_id(std::string_view v, std::string_view prefix) {
  if (v.substr(0, prefix.size()) != prefix) return false;
  std::string_view id = v.substr(prefix.size());
  if (id.size() != 8 && id.size() != 17) return false;
  for (char ch : id)
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'))) return false;
  return true;
}

// The keys of one operator block (`StringEquals: {key: values}`) and their values.
void check_condition_block(const Model& m, const PolicyDocument& d, const grammar::ConditionOperator& o,
                           const Node* body, FindingSink& sink) {
  using grammar::OperatorType;
  bool (*valid)(std::string_view) = nullptr;
  std::string_view expect;
  switch (o.type) {
    case OperatorType::Date:
      valid = grammar::is_date_value, expect = "an ISO 8601 date-time or epoch seconds";
      break;
    case OperatorType::Ip:
      valid = grammar::is_ip_value, expect = "an IP address or CIDR block";
      break;
    case OperatorType::Bool:
    case OperatorType::Null:
      valid = grammar::is_bool_value, expect = "true or false";
      break;
    case OperatorType::Numeric:
      valid = grammar::is_numeric_value, expect = "a number";
      break;
    case OperatorType::Arn:
      valid = grammar::is_arn_value, expect = "an ARN (arn:...)";
      break;
    default:
      break;
  }
  // Policy variables work only with the String and ARN operators.
  bool variables_allowed = o.type == OperatorType::String || o.type == OperatorType::Arn;
  bool exact_string = o.type == OperatorType::String && o.base.find("Like") == std::string_view::npos;
  for (uint32_t j = 0; j < body->count; ++j) {
    const Node* keyn = body->key(j);
    std::string_view key = keyn->text();
    if (intrinsic_key(key)) continue;
    // The same key twice in one block, spelt with different case: IAM rejects it.
    for (uint32_t k = 0; k < j; ++k)
      if (body->key(k)->text() != key && facts::lower(body->key(k)->text()) == facts::lower(key)) {
        sink.report(keyn,
                    "condition key '" + std::string(key) + "' appears twice in one " + std::string(o.base) +
                        " block with different capitalization" + where_of(d) + ": IAM rejects the policy",
                    d.owner, "dup-key:" + facts::lower(key));
        break;
      }
    const Node* values = body->value(j);
    // (Only when every item is written out: an intrinsic there is "not on unresolved intrinsics".)
    auto plain = [](const Node* n) { return n->is_scalar() && n->tag().empty(); };
    if (o.type == OperatorType::Bool && values->is_seq() && values->count > 1 &&
        std::all_of(values->children, values->children + values->count, plain)) {
      sink.report(
          values->item(1),
          std::string(key) + " under Bool" + where_of(d) + " takes a single true or false: IAM rejects the policy",
          d.owner, "multi-bool:" + std::string(key));
      continue;
    }
    std::string lkey = facts::lower(key);
    std::string_view vpc_prefix = lkey == "aws:sourcevpc" ? "vpc-" : lkey == "aws:sourcevpce" ? "vpce-" : "";
    // aws:SourceIp holds the caller's public address (through a VPC endpoint it is absent; that is
    // aws:VpcSourceIp): a list of private ranges only never matches (NotIpAddress: always matches).
    if (o.type == OperatorType::Ip && lkey == "aws:sourceip") {
      auto items = m.resolve_list(values);
      bool all_private = !items.empty();
      for (const auto& it : items)
        for (const auto& alt : it.value.alts)
          all_private = all_private && alt.is_literal() && is_private_ipv4(alt.literal());
      if (all_private) {
        sink.report(keyn,
                    "aws:SourceIp under " + std::string(o.base) + where_of(d) +
                        " lists only private addresses, but it holds the caller's public address (requests through "
                        "a VPC endpoint carry aws:VpcSourceIp instead): the condition " +
                        (o.base == "NotIpAddress" ? "always matches" : "never matches"),
                    d.owner, "private-ip:" + std::string(o.base));
        continue;
      }
    }
    for (const auto& it : m.resolve_list(values)) {
      std::string text, why;
      for (const auto& alt : it.value.alts) {
        if (!alt.is_literal()) continue;
        std::string t = alt.literal();
        if (std::string_view bad = variable_syntax_error(t); !bad.empty()) {
          why = " " + std::string(bad) + ": IAM rejects the policy";
        } else if (has_policy_variable(t)) {
          if (variables_allowed) continue;
          why = " uses a policy variable, which only the String and ARN operators take: IAM rejects it";
        } else if (t.find("${") != std::string::npos) {
          continue;  // deploy-time text
        } else if (valid && !valid(t)) {
          why = " is not " + std::string(expect) + ", as " + std::string(o.base) + " needs for " + std::string(key) +
                ": the condition never matches";
        } else if (!vpc_prefix.empty() && exact_string && !is_vpc_id(t, vpc_prefix)) {
          why = " is not a " + std::string(vpc_prefix) + "… identifier (" + std::string(vpc_prefix) +
                " and 8 or 17 letters and digits), as " + std::string(key) + " holds: IAM rejects it";
        } else {
          continue;
        }
        text = std::move(t);
        break;
      }
      if (why.empty()) continue;
      sink.report(it.node, "'" + text + "'" + where_of(d) + why, d.owner, "value:" + lkey + ":" + text);
      break;  // one finding per condition key
    }
  }
}

// Condition operators and the values of typed operators.
void check_condition(const Model& m, const PolicyDocument& d, const Statement& s, FindingSink& sink) {
  const Node* c = s.condition;
  if (!c || !c->is_map() || !Resolver::intrinsic_name(c).empty()) return;
  for (uint32_t i = 0; i < c->count; ++i) {
    const Node* opk = c->key(i);
    std::string_view op = opk->text();
    if (intrinsic_key(op)) continue;
    grammar::ConditionOperator o = grammar::parse_condition_operator(op);
    if (!o.valid) {
      std::string msg = "'" + std::string(op) + "' is not a condition operator" + where_of(d);
      if (!o.reason.empty()) msg += ": " + std::string(o.reason);
      std::string hint = grammar::closest_condition_operator(op);
      msg += hint.empty() ? std::string(": IAM rejects the policy")
                          : ": did you mean " + hint + "? IAM rejects the policy";
      Finding& f = sink.report(opk, msg, d.owner, "operator:" + std::string(op));
      if (!hint.empty()) f.fix = fix::rename_element(m, c, opk, hint);
      continue;
    }
    const Node* body = c->value(i);
    if (!body->is_map() || !Resolver::intrinsic_name(body).empty()) continue;
    check_condition_block(m, d, o, body, sink);
  }
}

// The Principal element's types: AWS, Service, Federated, CanonicalUser (case-sensitive).
// (Not reported yet, because the peer suites label them clean: a Principal that is a plain string
// other than "*" — kics topic_policy_other_principal_negative2 — and a wildcard inside an AWS
// principal ARN — kics queue_policy_wildcard_account_arn_positive2.)
void check_principal(const PolicyDocument& d, const Statement& s, FindingSink& sink) {
  const Node* p = s.principal_node;
  if (!p || !s.principal_key || !p->is_map() || !Resolver::intrinsic_name(p).empty()) return;
  constexpr std::string_view kKeys[] = {"AWS", "Service", "Federated", "CanonicalUser"};
  for (uint32_t i = 0; i < p->count; ++i) {
    std::string_view k = p->key(i)->text();
    bool known = false;
    for (auto want : kKeys) known = known || want == k;
    if (known || intrinsic_key(k)) continue;
    sink.report(p->key(i),
                "'" + std::string(k) + "' is not a principal type" + where_of(d) +
                    ": use AWS, Service, Federated or CanonicalUser (case-sensitive). IAM rejects the policy",
                d.owner, "principal-key:" + std::string(k));
  }
}

// The partition and account fields of a literal ARN. Partitions: AWS's list
// (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
// and the ARN reference: aws, aws-cn, aws-us-gov, the ISO partitions, aws-eusc); an account is 12
// digits, or empty where the service has none, or "aws" for AWS-owned resources.
std::string_view arn_field_error(std::string_view t) {
  if (t.rfind("arn:", 0) != 0 || t.find_first_of("*?$") != std::string_view::npos) return {};
  size_t p1 = 4, p2 = t.find(':', p1);
  if (p2 == std::string_view::npos) return {};
  std::string_view partition = t.substr(p1, p2 - p1);
  auto unknown = [](std::string_view f) { return f.find('\x01') != std::string_view::npos; };
  if (unknown(partition)) return {};
  constexpr std::string_view kPartitions[] = {"aws",       "aws-cn",    "aws-us-gov", "aws-iso",
                                              "aws-iso-b", "aws-iso-e", "aws-iso-f",  "aws-eusc"};
  bool known = false;
  for (auto k : kPartitions) known = known || k == partition;
  if (!known) return "names no AWS partition (aws, aws-cn, aws-us-gov...)";
  size_t p3 = t.find(':', p2 + 1), p4 = p3 == std::string_view::npos ? p3 : t.find(':', p3 + 1);
  size_t p5 = p4 == std::string_view::npos ? p4 : t.find(':', p4 + 1);
  if (p5 == std::string_view::npos) return {};  // too few fields: IAM005's
  std::string_view account = t.substr(p4 + 1, p5 - p4 - 1);
  if (account.empty() || account == "aws" || unknown(account)) return {};
  if (account.size() != 12 || account.find_first_not_of("0123456789") != std::string_view::npos)
    return "has an account field that is not a 12-digit account ID";
  return {};
}

// Does the alternative's own text reach into an ARN's partition (field 1) or account (field 4)?
bool literal_in_partition_or_account(const Alternative& a) {
  int field = 0;
  for (const auto& seg : a.segs) {
    if (seg.kind != Segment::Text) continue;
    for (char c : seg.text) {
      if (c == ':') {
        if (++field > 4) return false;
      } else if (field == 1 || field == 4) {
        return true;
      }
    }
  }
  return false;
}

// A federated trust whose action does not fit the provider: SAML providers are assumed with
// sts:AssumeRoleWithSAML, OIDC providers with sts:AssumeRoleWithWebIdentity.
void check_federated_actions(const PolicyDocument& d, const Statement& s, FindingSink& sink) {
  if (!s.allow() || s.not_action) return;
  bool saml = false, oidc = false;
  for (const auto& p : s.principals) {
    if (p.type != "Federated") continue;
    for (const auto& alt : p.item.value.alts) {
      // The provider kind shows in the ARN's literal text whatever the spelling (a !Sub or
      // Fn::Join with ${AWS::Partition}/${AWS::AccountId}, RULES.md Clarification 18).
      std::string v = alt.display();
      if (v.find(":saml-provider/") != std::string::npos) saml = true;
      else if (v.find(":oidc-provider/") != std::string::npos || alt.is_literal()) oidc = true;
      else return;  // unknown: never judged
    }
  }
  if (saml == oidc) return;  // none, or both kinds in one statement
  std::string_view wrong = saml ? "sts:assumerolewithwebidentity" : "sts:assumerolewithsaml";
  for (const auto& it : s.actions)
    for (const auto& alt : it.value.alts)
      if (alt.is_literal() && facts::lower(alt.literal()) == wrong) {
        sink.report(it.node,
                    std::string(saml ? "a SAML provider is assumed with sts:AssumeRoleWithSAML, not "
                                     : "an OIDC provider is assumed with sts:AssumeRoleWithWebIdentity, not ") +
                        alt.literal() + where_of(d) + ": the trust never applies",
                    d.owner, "federated-action:" + std::string(wrong));
        return;
      }
}

// IAM Roles Anywhere assumes a role with sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession
// together; a trust statement for rolesanywhere.amazonaws.com without all three never works.
void check_roles_anywhere(const IamCatalog& cat, const PolicyDocument& d, const Statement& s, FindingSink& sink) {
  if (!s.allow() || !s.action_key || s.not_action) return;
  bool service = false;
  for (const auto& p : s.principals)
    for (const auto& alt : p.item.value.alts)
      service = service || (p.type == "Service" && alt.is_literal() && alt.literal() == "rolesanywhere.amazonaws.com");
  if (!service) return;
  std::vector<ActionId> granted;
  for (const auto& it : s.actions)
    for (const auto& alt : it.value.alts) {
      if (!alt.is_literal()) return;  // unknown: cannot decide
      for (ActionId a : cat.expand(alt.literal())) granted.push_back(a);
    }
  std::string missing;
  for (std::string_view need : {"sts:AssumeRole", "sts:SetSourceIdentity", "sts:TagSession"}) {
    auto a = cat.find_action(need);
    if (a && std::find(granted.begin(), granted.end(), *a) == granted.end())
      missing += (missing.empty() ? "" : ", ") + std::string(need);
  }
  if (missing.empty()) return;
  sink.report(s.action_key,
              "trust statement for rolesanywhere.amazonaws.com" + where_of(d) + " lacks " + missing +
                  ": IAM Roles Anywhere needs sts:AssumeRole, sts:SetSourceIdentity and sts:TagSession together",
              d.owner, "rolesanywhere");
}

void check_statement(const Model& m, const IamCatalog& cat, const PolicyDocument& d, const KindGrammar& g,
                     const Statement& s, FindingSink& sink) {
  if (!s.node || !s.node->is_map()) return;
  // Unknown elements; a misspelling of a required element stands for it (one finding, there).
  bool spelled_action = false, spelled_resource = false, spelled_principal = false, spelled_effect = false;
  for (uint32_t i = 0; i < s.node->count; ++i) {
    const Node* k = s.node->key(i);
    std::string_view name = k->is_scalar() ? k->text() : std::string_view();
    if (!grammar::statement_element(name).empty()) continue;
    std::string_view close = grammar::closest_statement_element(name);
    spelled_action |= close == "Action" || close == "NotAction";
    spelled_resource |= close == "Resource" || close == "NotResource";
    spelled_principal |= close == "Principal" || close == "NotPrincipal";
    spelled_effect |= close == "Effect";
    Finding& f = sink.report(k,
                             "'" + std::string(name) + "' is not a statement element" + where_of(d) +
                                 (close.empty() ? ": a statement has only Sid, Effect, (Not)Principal, (Not)Action, "
                                                  "(Not)Resource and Condition; IAM rejects the policy"
                                                : ": did you mean " + std::string(close) + "? IAM rejects the policy"),
                             d.owner, "element:" + std::string(name));
    if (!close.empty()) f.fix = fix::rename_element(m, s.node, k, close);
  }
  // Both keys of a pair.
  auto conflict = [&](const Node* second, std::string_view first, std::string_view what) {
    if (!second) return;
    sink.report(second,
                std::string(second->text()) + " next to " + std::string(first) + " in one statement" + where_of(d) +
                    ": IAM rejects the policy. Keep one of them (" + std::string(what) + ")",
                d.owner, "conflict:" + std::string(second->text()));
  };
  if (s.action_key) conflict(s.conflict_action_key, s.action_key->text(), "Action lists what is granted or denied");
  if (s.resource_key) conflict(s.conflict_resource_key, s.resource_key->text(), "Resource lists the ARNs");
  if (s.principal_key) conflict(s.conflict_principal_key, s.principal_key->text(), "Principal names who");
  // Effect: exactly Allow or Deny.
  if (s.effect_node && s.effect_node->is_scalar() && s.effect_node->tag().empty()) {
    std::string_view t = s.effect_node->text();  // the usual plain text: no resolver needed
    if (t != "Allow" && t != "Deny")
      sink.report(s.effect_node,
                  "Effect '" + std::string(t) + "'" + where_of(d) +
                      " is neither Allow nor Deny (case-sensitive): IAM rejects the policy",
                  d.owner, "effect:" + std::string(t));
  } else if (s.effect_node) {
    Value e = m.resolve(s.effect_node);
    for (const auto& alt : e.alts) {
      if (!alt.is_literal()) continue;
      std::string t = alt.literal();
      if (t == "Allow" || t == "Deny") continue;
      Finding& f = sink.report(
          s.effect_node,
          "Effect '" + t + "'" + where_of(d) + " is neither Allow nor Deny (case-sensitive): IAM rejects the policy",
          d.owner, "effect:" + t);
      f.fix = fix::effect_case(m, s.effect_node);
      break;
    }
  }
  // Missing elements: one finding for all of them, at the statement.
  std::vector<std::string_view> missing;
  if (!s.effect_node && !spelled_effect) missing.push_back("Effect");
  if (!s.action_key && !spelled_action) missing.push_back("Action or NotAction");
  if (g.resource_required && !s.resource_key && !spelled_resource) missing.push_back("Resource or NotResource");
  if (g.principal_required && !s.principal_key && !spelled_principal) missing.push_back("Principal");
  if (!missing.empty()) {
    std::string list;
    for (size_t i = 0; i < missing.size(); ++i)
      list += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + std::string(missing[i]);
    sink.report(s.node->span,
                "statement" + where_of(d) + " has no " + list + ", which every statement of " + std::string(g.name) +
                    " needs: IAM rejects the policy",
                d.owner, "missing:" + list);
  }
  // Principals where the kind forbids them.
  if (s.principal_key && !g.principal_allowed)
    sink.report(s.principal_key,
                std::string(s.principal_key->text()) + " in " + std::string(g.name) + where_of(d) +
                    ": IAM rejects it (an identity policy applies to the identity it is attached to). Remove it, or "
                    "move the statement into the resource's own policy",
                d.owner, "principal");
  else if (s.principal_key && s.not_principal && !g.not_principal_allowed)
    sink.report(s.principal_key,
                "NotPrincipal in " + std::string(g.name) + where_of(d) +
                    ": IAM rejects it. Name the principals that may assume the role with Principal",
                d.owner, "not-principal");
  // A statement that matches nothing (the model marks it inert, so no rule reads it as a grant).
  if (s.not_action && s.action_key && s.actions.size() == 1 && s.actions[0].value.alts.size() == 1 &&
      s.actions[0].value.is("*"))
    sink.report(s.action_key, "NotAction \"*\"" + where_of(d) + " matches no action: the statement never applies",
                d.owner, "notaction-star");
  if (s.not_resource && s.resource_key && star_not_resource(s))
    sink.report(s.resource_key,
                "NotResource \"*\"" + where_of(d) + " matches no resource: the statement never applies",
                d.owner, "notresource-star");
  // Policy variables: only in Resource and Condition, and well-formed there.
  for (const auto* list : {&s.actions, &s.conflict_actions})
    for (const auto& it : *list)
      for (const auto& alt : it.value.alts)
        if (std::string buf; alt.is_literal() && has_policy_variable(alt.literal_view(buf))) {
          sink.report(
              it.node,
              "'" + alt.literal() + "'" + where_of(d) +
                  ": policy variables work only in Resource and Condition, not in Action. IAM rejects the policy",
              d.owner, "action-variable:" + alt.literal());
          break;
        }
  for (const auto& it : s.resources)
    for (const auto& alt : it.value.alts)
      if (std::string t; alt.is_literal() && !variable_syntax_error(alt.literal_view(t)).empty()) {
        if (t.empty()) t = alt.literal();
        sink.report(it.node,
                    "Resource '" + t + "'" + where_of(d) + " " + std::string(variable_syntax_error(t)) +
                        ": IAM rejects the policy",
                    d.owner, "resource-variable:" + t);
        break;
      }
  for (const auto& it : s.resources)
    for (const auto& alt : it.value.alts) {
      // Every spelling (RULES.md Clarification 18): pseudo parameters by their shape, other
      // unknown values as unknown fields (never judged).
      // Only text written in the partition or account field can be wrong there: an ARN whose
      // fields come from pseudo parameters or resources (CDK's Fn::GetAtt) is not rebuilt.
      if (!alt.is_literal() && !literal_in_partition_or_account(alt)) continue;
      std::string t = alt.is_literal() ? alt.literal() : alt.match_pattern();
      if (std::string_view bad = arn_field_error(t); !bad.empty()) {
        std::string shown = alt.is_literal() ? t : alt.display();
        sink.report(it.node, "Resource '" + shown + "'" + where_of(d) + " " + std::string(bad) + ": IAM rejects the policy",
                    d.owner, "arn-field:" + shown);
        break;
      }
    }
  if (d.kind == PolicyKind::Trust) {
    check_roles_anywhere(cat, d, s, sink);
    check_federated_actions(d, s, sink);
  }
  check_principal(d, s, sink);
  check_condition(m, d, s, sink);
}

}  // namespace

void invalid_policy(const Model& m, const IamCatalog& cat, FindingSink& sink) {
  for (const auto& d : m.policies) {
    if (d.origin != PolicyOrigin::User) continue;  // provider-written text (RULES.md Clarification 10)
    check_document(m, d, sink);
    KindGrammar g = grammar_of(d);
    if (d.kind == PolicyKind::Resource && m.kind == DocKind::Policy) g.principal_required = true;
    for (const auto& s : d.statements)
      if (!s.provider) check_statement(m, cat, d, g, s, sink);
    check_duplicate_sids(d, sink);
  }
}

}  // namespace iamlint::rules
