// What Ref / Fn::GetAtt of a template resource evaluate to (bucket name, queue URL, role ARN...),
// from the generated CloudFormation type data (lint/cfn/).
#pragma once
#include <optional>
#include <string_view>

#include "lint/model.h"
#include "lint/value.h"

namespace iamlint {

class Resolver;

// `attr` empty means Ref. nullopt when the type or attribute is not known (the caller makes an
// unknown value of it).
std::optional<Value> resource_value(const Template& t, const Resource& r, std::string_view attr, Resolver& res);

}  // namespace iamlint
