#include "lint/rule_ref.h"

#include <algorithm>
#include <cctype>

#include "lint/rule.h"

namespace iamlint {

std::optional<std::string> rule_selector(std::string_view text) {
  std::string u(text);
  for (auto& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (u.size() >= 4 && u.size() <= 6 && u.compare(0, 3, "IAM") == 0 &&
      std::all_of(u.begin() + 3, u.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    for (const Rule& r : all_rules())
      if (selector_covers(u, r.info.id)) return u;
    return std::nullopt;
  }
  for (const Rule& r : all_rules()) {
    std::string_view n = r.info.name;
    if (n.size() == u.size() &&
        std::equal(n.begin(), n.end(), u.begin(), [](char a, char b) {
          return std::toupper(static_cast<unsigned char>(a)) == b;
        }))
      return std::string(r.info.id);
  }
  return std::nullopt;
}

}  // namespace iamlint
