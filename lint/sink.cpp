#include "lint/sink.h"

namespace iamlint {

Finding& FindingSink::report(const Node* at, std::string message, const Resource* res, std::string key) {
  Span s = at ? at->span : Span{};
  if (key.empty() && at && at->is_scalar()) key = std::string(at->text());
  return report(s, std::move(message), res, std::move(key));
}

Finding& FindingSink::report(Span at, std::string message, const Resource* res, std::string key) {
  Finding f;
  if (rule_) {
    f.rule_id = std::string(rule_->id);
    f.level = rule_->level;
  }
  // CDK users fix the construct, not the synthesized template: name its path.
  if (res && !res->cdk_path.empty() && message.find(res->cdk_path) == std::string::npos)
    message += " [CDK construct " + std::string(res->cdk_path) + "]";
  f.message = std::move(message);
  f.path = model_.path;
  if (!at.begin.valid()) at.begin = {1, 1};
  if (!at.end.valid() || at.end < at.begin) at.end = at.begin;
  f.span = at;
  if (res) f.resource = std::string(res->id);
  f.fingerprint = std::move(key);  // the engine turns this key into the fingerprint hash
  findings_.push_back(std::move(f));
  return findings_.back();
}

void FindingSink::add_related(Finding& f, const Node* at, std::string message) {
  if (!at) return;
  f.related.push_back({at->span, std::move(message), {}});
}

}  // namespace iamlint
