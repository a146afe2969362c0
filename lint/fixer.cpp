#include "lint/fixer.h"

#include <algorithm>
#include <vector>

#include "lint/fix.h"

namespace iamlint {

namespace {

// Two edits touch when their closed ranges meet: an insertion at the end of a replacement (or
// two insertions at one place) has no defined order, so the second waits for the next round.
bool touches(const TextEdit& a, const TextEdit& b) { return a.begin <= b.end && b.begin <= a.end; }

bool parses(const std::string& path, std::string_view text, const LintOptions& opt) {
  FileResult r = lint_text(path, text, opt, true);
  return r.ours && !r.parse_error;
}

}  // namespace

FixResult fix_file(const std::string& path, std::string_view text, const LintOptions& opt, bool unsafe, bool named,
                   int max_rounds) {
  FixResult out;
  out.text = std::string(text);
  out.final = lint_text(path, out.text, opt, named);
  for (int round = 0; round < max_rounds && !out.final.parse_error; ++round) {
    // The fixes of this round: in text order, none touching another.
    std::vector<const Finding*> cands;
    for (const auto& f : out.final.findings)
      if (f.fix && !f.fix->edits.empty() && (f.fix->safe || unsafe)) cands.push_back(&f);
    std::stable_sort(cands.begin(), cands.end(), [](const Finding* a, const Finding* b) {
      return a->fix->edits.front().begin < b->fix->edits.front().begin;
    });
    std::vector<const Finding*> chosen;
    std::vector<TextEdit> edits;
    for (const Finding* f : cands) {
      bool clash = false;
      for (const auto& e : f->fix->edits) {
        if (e.end > out.text.size()) clash = true;
        for (const auto& o : edits)
          if (touches(e, o)) clash = true;
      }
      if (clash) continue;
      chosen.push_back(f);
      edits.insert(edits.end(), f->fix->edits.begin(), f->fix->edits.end());
    }
    if (chosen.empty()) {
      out.stable = true;
      break;
    }
    auto by_offset = [](const TextEdit& a, const TextEdit& b) { return a.begin < b.begin; };
    std::sort(edits.begin(), edits.end(), by_offset);
    std::string next = fix::apply(out.text, edits);
    std::vector<const Finding*> done = chosen;
    if (!parses(path, next, opt)) {
      // One at a time, keeping those after which the file still parses.
      done.clear();
      next = out.text;
      std::vector<TextEdit> kept;
      for (const Finding* f : chosen) {
        std::vector<TextEdit> trial = kept;
        trial.insert(trial.end(), f->fix->edits.begin(), f->fix->edits.end());
        std::sort(trial.begin(), trial.end(), by_offset);
        std::string t = fix::apply(out.text, trial);
        if (!parses(path, t, opt)) continue;
        kept = std::move(trial);
        next = std::move(t);
        done.push_back(f);
      }
      if (done.empty()) {
        out.stable = true;  // what is left cannot be applied: fixing again changes nothing either
        break;
      }
    }
    for (const Finding* f : done) ++out.by_rule[f->rule_id];
    out.applied += done.size();
    out.text = std::move(next);
    out.final = lint_text(path, out.text, opt, named);
  }
  return out;
}

namespace {

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> out;
  size_t at = 0;
  while (at < s.size()) {
    size_t nl = s.find('\n', at);
    size_t e = nl == std::string_view::npos ? s.size() : nl + 1;
    out.push_back(s.substr(at, e - at));
    at = e;
  }
  return out;
}

enum class Op : uint8_t { Same, Del, Add };

// Myers' O(ND) diff of two line lists: the edit script as (op, index in a or b).
std::vector<std::pair<Op, size_t>> diff_lines(const std::vector<std::string_view>& a,
                                              const std::vector<std::string_view>& b) {
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size());
  const long max = n + m;
  std::vector<long> v(static_cast<size_t>(2 * max + 3), 0);
  auto V = [&](long k) -> long& { return v[static_cast<size_t>(k + max + 1)]; };
  std::vector<std::vector<long>> trace;  // trace[d][k + d]: furthest x on diagonal k after d steps
  long found_d = -1;
  for (long d = 0; d <= max && found_d < 0; ++d) {
    std::vector<long> cur(static_cast<size_t>(2 * d + 1));
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && V(k - 1) < V(k + 1))) ? V(k + 1) : V(k - 1) + 1;
      long y = x - k;
      while (x < n && y < m && a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) ++x, ++y;
      V(k) = x;
      cur[static_cast<size_t>(k + d)] = x;
      if (x >= n && y >= m) {
        found_d = d;
        break;
      }
    }
    trace.push_back(std::move(cur));
  }
  std::vector<std::pair<Op, size_t>> ops;
  long x = n, y = m;
  for (long d = found_d; d > 0; --d) {
    const auto& prev = trace[static_cast<size_t>(d - 1)];
    auto P = [&](long k) { return prev[static_cast<size_t>(k + d - 1)]; };
    long k = x - y;
    long pk = (k == -d || (k != d && P(k - 1) < P(k + 1))) ? k + 1 : k - 1;
    long px = P(pk), py = px - pk;
    while (x > px && y > py && (pk == k + 1 ? x > px : x > px + 1)) {
      ops.push_back({Op::Same, static_cast<size_t>(x - 1)});
      --x, --y;
    }
    if (pk == k + 1) {
      ops.push_back({Op::Add, static_cast<size_t>(y - 1)});
      --y;
    } else {
      ops.push_back({Op::Del, static_cast<size_t>(x - 1)});
      --x;
    }
    x = px, y = py;
  }
  while (x > 0 && y > 0) {
    ops.push_back({Op::Same, static_cast<size_t>(x - 1)});
    --x, --y;
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

void add_line(std::string& out, char tag, std::string_view line) {
  out += tag;
  out.append(line);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(const std::string& path, std::string_view a, std::string_view b) {
  if (a == b) return {};
  auto la = split_lines(a), lb = split_lines(b);
  auto ops = diff_lines(la, lb);
  // Line numbers (0-based) of each op in a and b.
  struct Row {
    Op op;
    size_t ai, bi;  // index in a (Same/Del) and b (Same/Add); for the other side, the position
  };
  std::vector<Row> rows;
  size_t ai = 0, bi = 0;
  for (const auto& [op, idx] : ops) {
    (void)idx;
    rows.push_back({op, ai, bi});
    if (op != Op::Add) ++ai;
    if (op != Op::Del) ++bi;
  }
  // git's a/ b/ prefixes for relative paths (patch -p1), absolute paths as they are (patch -p0).
  const bool abs = !path.empty() && path[0] == '/';
  std::string out = (abs ? "--- " : "--- a/") + path + (abs ? "\n+++ " : "\n+++ b/") + path + "\n";
  const size_t ctx = 3;
  size_t i = 0;
  while (i < rows.size()) {
    if (rows[i].op == Op::Same) {
      ++i;
      continue;
    }
    // A hunk: from ctx lines before this change to ctx lines after the last change that is within
    // 2*ctx lines of the previous one.
    size_t start = i >= ctx ? i - ctx : 0;
    while (start < i && rows[start].op != Op::Same) ++start;
    size_t end = i;
    size_t j = i;
    while (j < rows.size()) {
      if (rows[j].op != Op::Same) {
        end = j;
        ++j;
        continue;
      }
      size_t run = j;
      while (run < rows.size() && rows[run].op == Op::Same) ++run;
      if (run < rows.size() && run - j <= 2 * ctx) {
        j = run;
        continue;
      }
      break;
    }
    size_t stop = std::min(rows.size(), end + 1 + ctx);
    size_t a_count = 0, b_count = 0;
    for (size_t r = start; r < stop; ++r) {
      if (rows[r].op != Op::Add) ++a_count;
      if (rows[r].op != Op::Del) ++b_count;
    }
    size_t a_start = rows[start].ai + (a_count ? 1 : 0);
    size_t b_start = rows[start].bi + (b_count ? 1 : 0);
    out += "@@ -" + std::to_string(a_start) + "," + std::to_string(a_count) + " +" + std::to_string(b_start) + "," +
           std::to_string(b_count) + " @@\n";
    for (size_t r = start; r < stop; ++r) {
      switch (rows[r].op) {
        case Op::Same: add_line(out, ' ', la[rows[r].ai]); break;
        case Op::Del: add_line(out, '-', la[rows[r].ai]); break;
        case Op::Add: add_line(out, '+', lb[rows[r].bi]); break;
      }
    }
    i = stop;
  }
  return out;
}

}  // namespace iamlint
