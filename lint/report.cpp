// The five reporters. Each is one pass over the (sorted) findings appending to one string; the
// only per-file work is indexing a file's line starts once, for source snippets and SARIF columns.
#include "lint/report.h"

#include "lint/fix.h"

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace iamlint {

std::string_view rule_doc(std::string_view id);  // generated from docs/rules (tools/embed_docs.cmake)
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kParseErrorRule = "IAM000";

// ---------------------------------------------------------------------------------------------
// Shared pieces

void append_uint(std::string& out, uint64_t v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, res.ptr);
}

// A location as every reporter prints it: 1-based and never 0 (an unknown position becomes 1:1),
// with an end that is never before the start (an unknown end is the start). Columns are bytes.
struct Region {
  Pos begin;
  Pos end;
};

Region region_of(const Span& s) {
  Region r;
  r.begin = s.begin.valid() ? s.begin : Pos{1, 1};
  if (r.begin.col == 0) r.begin.col = 1;
  r.end = (s.begin.valid() && s.end.valid()) ? s.end : r.begin;
  if (r.end.col == 0) r.end.col = 1;
  if (r.end < r.begin) r.end = r.begin;
  return r;
}

class RuleTable {
 public:
  explicit RuleTable(std::span<const Rule> rules) : rules_(rules) {
    index_.reserve(rules.size());
    for (size_t i = 0; i < rules.size(); ++i) index_.emplace(rules[i].info.id, i);  // first wins
  }
  std::optional<size_t> index(std::string_view id) const {
    auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return it->second;
  }
  const RuleInfo* info(std::string_view id) const {
    auto i = index(id);
    return i ? &rules_[*i].info : nullptr;
  }

 private:
  std::span<const Rule> rules_;
  std::unordered_map<std::string_view, size_t> index_;
};

// The lines of the file a finding or notice is in: each file's text is fetched and its line
// starts indexed once per render (findings arrive sorted by path; notices may not).
class SourceLines {
 public:
  explicit SourceLines(const Report& r) : report_(r) {}

  void load(const std::string& path) {
    if (cur_ != nullptr && cur_path_ == path) return;
    auto [it, inserted] = files_.try_emplace(path);
    cur_ = &it->second;
    cur_path_ = path;
    if (inserted) index(*cur_, report_.source ? report_.source(path) : std::string_view{});
  }
  bool known() const { return !cur_->starts.empty(); }
  // Number of lines, counted like check-sarif and editors: a final line break ends the last line.
  uint32_t count() const { return static_cast<uint32_t>(cur_->starts.size()); }
  // Line n (1-based) without its line break (LF or CRLF); "" when out of range.
  std::string_view line(uint32_t n) const {
    const auto& starts = cur_->starts;
    if (n == 0 || n > starts.size()) return {};
    size_t b = starts[n - 1];
    size_t e = n < starts.size() ? starts[n] : cur_->text.size();
    std::string_view l = cur_->text.substr(b, e - b);
    if (!l.empty() && l.back() == '\n') l.remove_suffix(1);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  }

 private:
  struct File {
    std::string_view text;
    std::vector<uint32_t> starts;  // byte offset of each line (files over 4 GiB are not linted)
  };
  static void index(File& f, std::string_view text) {
    f.text = text;
    if (text.empty()) return;
    f.starts.push_back(0);
    const char* b = text.data();
    const char* e = b + text.size();
    for (const char* p = b; (p = static_cast<const char*>(std::memchr(p, '\n', e - p))) != nullptr;) {
      ++p;
      f.starts.push_back(static_cast<uint32_t>(p - b));
    }
    if (f.starts.size() > 1 && f.starts.back() == text.size()) f.starts.pop_back();
  }

  const Report& report_;
  std::unordered_map<std::string, File> files_;
  File* cur_ = nullptr;
  std::string cur_path_;
};

bool is_utf8_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF), or 0 when the byte there does not start one.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return 1;
  auto cont = [&](size_t k, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
    if (i + k >= s.size()) return false;
    const auto b = static_cast<unsigned char>(s[i + k]);
    return b >= lo && b <= hi;
  };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c >= 0xE1 && c <= 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

// Index of the first byte that is not part of well-formed UTF-8, or npos.
size_t find_invalid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = utf8_sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

// Text for people (text, gcc, github): user text must not move the cursor or recolor the
// terminal. Line breaks become spaces (one finding stays one line); other C0/C1 controls and DEL
// become '?'. Tabs are kept. Other bytes pass through unchanged (a path must stay openable).
void append_printable(std::string& out, std::string_view s) {
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    char rep;
    size_t len = 1;
    if (c >= 0x20 && c != 0x7F && c != 0xC2) continue;
    if (c == '\t') continue;
    if (c == 0xC2) {  // C1 controls are U+0080..U+009F, encoded C2 80..C2 9F
      if (i + 1 >= s.size() || static_cast<unsigned char>(s[i + 1]) > 0x9F ||
          static_cast<unsigned char>(s[i + 1]) < 0x80)
        continue;
      rep = '?';
      len = 2;
    } else {
      rep = (c == '\n' || c == '\r') ? ' ' : '?';
    }
    out.append(s.data() + start, i - start);
    out += rep;
    i += len - 1;
    start = i + 1;
  }
  out.append(s.data() + start, s.size() - start);
}

void append_count(std::string& out, size_t n, std::string_view noun) {
  append_uint(out, n);
  out += ' ';
  out += noun;
  if (n != 1) out += 's';
}

// JSON output through RapidJSON (escaping of quotes, backslashes and control characters). Strings
// are repaired to well-formed UTF-8 first (invalid bytes become U+FFFD), so the output always is.
class JsonOut {
 public:
  using Writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;
  JsonOut() : w_(buf_) { w_.SetIndent(' ', 2); }
  Writer& w() { return w_; }
  void key(std::string_view k) { w_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  void str(std::string_view s) {
    size_t bad = find_invalid_utf8(s);
    if (bad == std::string_view::npos) {
      w_.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
      return;
    }
    scratch_.assign(s.data(), bad);
    for (size_t i = bad; i < s.size();) {
      size_t n = utf8_sequence_length(s, i);
      if (n == 0) {
        scratch_ += "\xEF\xBF\xBD";
        ++i;
      } else {
        scratch_.append(s.data() + i, n);
        i += n;
      }
    }
    w_.String(scratch_.data(), static_cast<rapidjson::SizeType>(scratch_.size()));
  }
  void uint(uint64_t v) { w_.Uint64(v); }
  void kv(std::string_view k, std::string_view v) {
    key(k);
    str(v);
  }
  void kv_uint(std::string_view k, uint64_t v) {
    key(k);
    uint(v);
  }
  // {"text": s}
  void text_object(std::string_view k, std::string_view s) {
    key(k);
    w_.StartObject();
    kv("text", s);
    w_.EndObject();
  }
  std::string finish() {
    std::string out(buf_.GetString(), buf_.GetSize());
    out += '\n';
    return out;
  }

 private:
  rapidjson::StringBuffer buf_;
  Writer w_;
  std::string scratch_;
};

// ---------------------------------------------------------------------------------------------
// text

struct Style {
  const char* location;  // path:line:col
  const char* reset;
  const char* error;
  const char* warning;
  const char* note;
  const char* level(Level l) const {
    return l == Level::Error ? error : l == Level::Warning ? warning : note;
  }
};
constexpr Style kPlain{"", "", "", "", ""};
constexpr Style kAnsi{"\x1b[1m", "\x1b[0m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m"};

void append_location(std::string& out, std::string_view path, Pos p) {
  append_printable(out, path);
  out += ':';
  append_uint(out, p.line);
  out += ':';
  append_uint(out, p.col);
}

// Longest source line shown whole; a longer one is cut to a window of this many bytes around the
// column (minified JSON templates put everything on one line).
constexpr size_t kMaxSnippet = 200;
constexpr size_t kContextBefore = 80;

// The source line and a caret line under it: '^' at the start column, '~' to the end of the span
// when it ends on the same line. The caret line copies the tabs of the source line so it lines up
// whatever the tab width; a multi-byte UTF-8 character counts as one column.
void append_snippet(std::string& out, std::string_view line, const Region& rg, const char* color,
                    const char* reset) {
  const size_t col0 = std::min<size_t>(rg.begin.col - 1, line.size());
  size_t end0 = col0 + 1;
  if (rg.end.line == rg.begin.line && rg.end.col > rg.begin.col) end0 = rg.end.col - 1;
  end0 = std::min(end0, line.size());

  size_t ws = 0;
  size_t we = line.size();
  if (line.size() > kMaxSnippet) {
    ws = col0 > kContextBefore ? col0 - kContextBefore : 0;
    ws = std::min(ws, line.size() - kMaxSnippet);
    we = ws + kMaxSnippet;
    while (ws < col0 && is_utf8_continuation(static_cast<unsigned char>(line[ws]))) ++ws;
    while (we < line.size() && we > col0 && is_utf8_continuation(static_cast<unsigned char>(line[we]))) --we;
  }
  const bool cut_left = ws > 0;
  const bool cut_right = we < line.size();

  if (cut_left) out += "...";
  append_printable(out, line.substr(ws, we - ws));
  if (cut_right) out += "...";
  out += '\n';

  if (cut_left) out += "   ";
  for (size_t i = ws; i < col0; ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c == '\t')
      out += '\t';
    else if (!is_utf8_continuation(c))
      out += ' ';
  }
  out += color;
  out += '^';
  size_t chars = 0;
  for (size_t i = col0 + 1; i < std::min(end0, we); ++i)
    if (!is_utf8_continuation(static_cast<unsigned char>(line[i]))) ++chars;
  out.append(chars, '~');
  out += reset;
  out += '\n';
}

// ---------------------------------------------------------------------------------------------
// SARIF helpers

// Bytes left as they are in a URI path: RFC 3986 unreserved characters, the separator, and '@'
// (legal in a path segment and common: npm scopes). Everything else is percent-encoded, which
// also covers ':' (not allowed in the first segment of a relative reference), '{', '}', spaces,
// '%', '#', '?', backslashes and every byte of a non-ASCII character.
void append_uri_path(std::string& out, std::string_view p) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : p) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~' || c == '/' || c == '@') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
}

std::string file_uri(const fs::path& abs) {
  std::string out = "file://";
  append_uri_path(out, abs.generic_string());
  return out;
}

fs::path strip_trailing_separator(fs::path p) {
  if (!p.has_filename() && p.has_relative_path()) p = p.parent_path();
  return p;
}

// `p` relative to `root` if p lies strictly beneath it, else nullopt. Both are lexically normal.
std::optional<fs::path> relative_beneath(const fs::path& p, const fs::path& root) {
  fs::path rel = p.lexically_relative(root);
  if (rel.empty() || rel == "." || *rel.begin() == "..") return std::nullopt;
  return rel;
}

// Finding paths -> artifact URIs. A path (relative to the cwd, or absolute) is made absolute and
// then relative to the source root, as GitHub resolves it against the checkout. Symlinks are
// resolved first, because GitHub cannot show results in a file reached through one; when the
// resolved file lies outside the root but the path as written does not, the written path is used.
// A file outside the root gets an absolute file: URI, which GitHub cannot place.
class ArtifactUris {
 public:
  struct Uri {
    std::string uri;
    bool under_root = false;
    // The path relative to the root ('/' separators) when the file lies beneath it, else as
    // written (GitHub annotations' `file=`).
    std::string relative;
  };

  explicit ArtifactUris(const std::string& srcroot) {
    std::error_code ec;
    cwd_ = fs::current_path(ec);
    fs::path root = srcroot.empty() ? cwd_ : fs::path(srcroot);
    if (root.is_relative()) root = cwd_ / root;
    root_ = strip_trailing_separator(root.lexically_normal());
    real_root_ = strip_trailing_separator(fs::weakly_canonical(root_, ec).lexically_normal());
    if (ec) real_root_ = root_;
  }

  // file:///abs/root/ for run.originalUriBaseIds.
  std::string root_uri() const {
    std::string u = file_uri(root_);
    if (u.back() != '/') u += '/';
    return u;
  }

  const Uri& get(const std::string& path) {
    if (have_last_ && path == last_path_) return last_;
    have_last_ = true;
    last_path_ = path;
    fs::path abs;
    std::optional<fs::path> rel = beneath_root(path, abs);
    last_.uri.clear();
    last_.under_root = rel.has_value();
    last_.relative = rel ? rel->generic_string() : path;
    if (rel)
      append_uri_path(last_.uri, last_.relative);
    else
      last_.uri = file_uri(abs);
    return last_;
  }

 private:
  std::optional<fs::path> beneath_root(const std::string& path, fs::path& abs) const {
    // (Called once per distinct path in a row: get() remembers the last one.)
    fs::path p(path);
    abs = (p.is_absolute() ? p : cwd_ / p).lexically_normal();
    std::error_code ec;
    fs::path real = fs::weakly_canonical(abs, ec).lexically_normal();
    if (ec) real = abs;
    std::optional<fs::path> rel = relative_beneath(real, real_root_);
    if (!rel) rel = relative_beneath(abs, root_);
    return rel;
  }

  fs::path cwd_;
  fs::path root_;
  fs::path real_root_;
  bool have_last_ = false;
  std::string last_path_;
  Uri last_;
};

// UTF-16 code units in a UTF-8 string: one per character, two for one above U+FFFF.
uint32_t utf16_units(std::string_view s) {
  uint32_t n = 0;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (!is_utf8_continuation(c)) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

struct SarifRegion {
  uint32_t start_line, start_col, end_line, end_col;
};

// Our byte columns in SARIF's default column kind (UTF-16 code units), and lines clamped to the
// file, when its text is known (a parse error "at end of file" may sit one line past the last).
// Without the text, columns stay bytes, which is the same thing on ASCII lines.
class SarifRegions {
 public:
  explicit SarifRegions(const Report& r) : src_(r) {}

  SarifRegion get(const std::string& path, const Span& span) {
    src_.load(path);
    Region rg = region_of(span);
    if (src_.known()) {
      convert(rg.begin);
      convert(rg.end);
      if (rg.end < rg.begin) rg.end = rg.begin;
    }
    return {rg.begin.line, rg.begin.col, rg.end.line, rg.end.col};
  }

 private:
  void convert(Pos& p) {
    if (p.line > src_.count()) {
      p.line = src_.count();
      p.col = static_cast<uint32_t>(src_.line(p.line).size()) + 1;
    }
    std::string_view l = src_.line(p.line);
    if (l.data() != line_data_ || l.size() != line_size_) {  // another line: reset the cursor
      line_data_ = l.data();
      line_size_ = l.size();
      ascii_ = std::all_of(l.begin(), l.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      cursor_bytes_ = 0;
      cursor_units_ = 0;
    }
    if (ascii_) return;
    // Findings on one line come in column order, so counting resumes where the last one stopped
    // (a minified template can hold thousands of findings on one long line).
    const size_t bytes = std::min<size_t>(p.col - 1, l.size());
    const uint32_t past_end = p.col - 1 - static_cast<uint32_t>(bytes);
    if (bytes < cursor_bytes_) {
      cursor_bytes_ = 0;
      cursor_units_ = 0;
    }
    cursor_units_ += utf16_units(l.substr(cursor_bytes_, bytes - cursor_bytes_));
    cursor_bytes_ = bytes;
    p.col = 1 + cursor_units_ + past_end;
  }

  SourceLines src_;
  const char* line_data_ = nullptr;
  size_t line_size_ = 0;
  bool ascii_ = true;
  size_t cursor_bytes_ = 0;
  uint32_t cursor_units_ = 0;
};

void write_physical_location(JsonOut& j, const ArtifactUris::Uri& uri, const SarifRegion* region) {
  auto& w = j.w();
  j.key("physicalLocation");
  w.StartObject();
  j.key("artifactLocation");
  w.StartObject();
  j.kv("uri", uri.uri);
  if (uri.under_root) j.kv("uriBaseId", "%SRCROOT%");
  w.EndObject();
  if (region) {
    j.key("region");
    w.StartObject();
    j.kv_uint("startLine", region->start_line);
    j.kv_uint("startColumn", region->start_col);
    j.kv_uint("endLine", region->end_line);
    j.kv_uint("endColumn", region->end_col);
    w.EndObject();
  }
  w.EndObject();
}

// GitHub limits rule descriptions to 1024 characters; cut at a character boundary.
std::string_view limit_description(std::string_view s, std::string& scratch) {
  constexpr size_t kMax = 1024;
  if (s.size() <= kMax) return s;
  size_t n = kMax - 3;
  while (n > 0 && is_utf8_continuation(static_cast<unsigned char>(s[n]))) --n;
  scratch.assign(s.substr(0, n));
  scratch += "...";
  return scratch;
}

// Plain help text shown as Markdown: escape what Markdown would eat (`*` in "Resource: *" would
// start emphasis, `<role>` would vanish as an HTML tag).
std::string markdown_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 16);
  for (char c : s) {
    if (c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' || c == '>' ||
        c == '#' || c == '|')
      out += '\\';
    out += c;
  }
  return out;
}

std::string_view problem_severity(Level l) {
  return l == Level::Error ? "error" : l == Level::Warning ? "warning" : "recommendation";
}

// Lower end of RULES.md's security-severity range for a level, for a rule that has none.
std::string_view default_security_severity(Level l) {
  return l == Level::Error ? "8.0" : l == Level::Warning ? "5.0" : "2.0";
}

// SemVer 2.0 shape check (core x.y.z without leading zeros, optional -pre and +build).
bool is_semver(std::string_view v) {
  size_t i = 0;
  for (int part = 0; part < 3; ++part) {
    size_t start = i;
    while (i < v.size() && v[i] >= '0' && v[i] <= '9') ++i;
    if (i == start || (i - start > 1 && v[start] == '0')) return false;
    if (part < 2) {
      if (i >= v.size() || v[i] != '.') return false;
      ++i;
    }
  }
  if (i == v.size()) return true;
  if (v[i] != '-' && v[i] != '+') return false;
  bool in_build = false;
  while (i < v.size()) {
    char sep = v[i++];
    if (sep == '+') {
      if (in_build) return false;
      in_build = true;
    } else if (sep != '.' && sep != '-') {
      return false;
    }
    size_t start = i;
    while (i < v.size() && ((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'z') ||
                            (v[i] >= 'A' && v[i] <= 'Z') || v[i] == '-'))
      ++i;
    if (i == start) return false;
    std::string_view id = v.substr(start, i - start);
    bool numeric = id.find_first_not_of("0123456789") == std::string_view::npos;
    if (!in_build && numeric && id.size() > 1 && id[0] == '0') return false;
  }
  return true;
}

std::string help_uri(const ReportOptions& o, std::string_view id) {
  std::string_view home = o.homepage;
  while (!home.empty() && home.back() == '/') home.remove_suffix(1);
  std::string u(home);
  u += "/blob/main/docs/rules/";
  u += id;
  u += ".md";
  return u;
}

void write_rule(JsonOut& j, const RuleInfo& ri, const ReportOptions& o) {
  auto& w = j.w();
  std::string scratch;
  std::string_view short_desc = !ri.short_description.empty() ? ri.short_description : ri.name;
  std::string_view full_desc = !ri.full_description.empty() ? ri.full_description : short_desc;
  std::string_view help = !ri.help.empty() ? ri.help : full_desc;

  w.StartObject();
  j.kv("id", ri.id);
  j.kv("name", ri.name);
  j.text_object("shortDescription", limit_description(short_desc, scratch));
  j.text_object("fullDescription", limit_description(full_desc, scratch));
  j.key("help");
  w.StartObject();
  j.kv("text", help);
  // The rule's whole page (what / why / example / fix / suppress), as --explain prints it: GitHub
  // shows it under "Show more" on every alert.
  std::string_view page = rule_doc(ri.id);
  std::string md = page.empty() ? markdown_escape(help) : std::string(page);
  while (!md.empty() && (md.back() == '\n' || md.back() == ' ')) md.pop_back();
  md += "\n\n" + fix::autofix_text(ri.id);
  if (!o.homepage.empty()) {
    md += "\n\n[";
    md += ri.id;
    md += " documentation](";
    md += help_uri(o, ri.id);
    md += ")";
  }
  j.kv("markdown", md);
  w.EndObject();
  if (!o.homepage.empty()) j.kv("helpUri", help_uri(o, ri.id));
  j.key("defaultConfiguration");
  w.StartObject();
  j.kv("level", level_name(ri.level));
  w.EndObject();
  j.key("properties");
  w.StartObject();
  j.key("tags");
  w.StartArray();
  // "security" first for a rule with a security-severity (GitHub applies it only to security
  // rules), none for a correctness rule; no duplicates (the schema requires unique tags), at most
  // 10 (GitHub keeps only 10).
  const bool security = !ri.security_severity.empty();
  std::vector<std::string_view> tags;
  if (security) tags.push_back("security");
  for (std::string_view t : ri.tags)
    if (!t.empty() && (security || t != "security") && tags.size() < 10 &&
        std::find(tags.begin(), tags.end(), t) == tags.end())
      tags.push_back(t);
  for (std::string_view t : tags) j.str(t);
  w.EndArray();
  j.kv("precision", precision_name(ri.precision));
  // Only security rules carry one (RULES.md): a correctness rule (a parse error, an unknown action)
  // is shown by its level, never ranked as "High" among the security alerts.
  if (!ri.security_severity.empty()) j.kv("security-severity", ri.security_severity);
  j.kv("problem.severity", problem_severity(ri.level));
  w.EndObject();
  w.EndObject();
}

void write_driver(JsonOut& j, std::span<const Rule> rules, const ReportOptions& o) {
  auto& w = j.w();
  j.key("driver");
  w.StartObject();
  j.kv("name", "iamlint");
  if (!o.tool_version.empty()) {
    j.kv("version", o.tool_version);
    if (is_semver(o.tool_version)) j.kv("semanticVersion", o.tool_version);
  }
  if (!o.homepage.empty()) j.kv("informationUri", o.homepage);
  j.key("rules");
  w.StartArray();
  for (const Rule& r : rules) write_rule(j, r.info, o);
  w.EndArray();
  w.EndObject();
}

// The IAM data the rules were judged with, as a tool extension ("name version").
void write_extensions(JsonOut& j, const ReportOptions& o) {
  if (o.data_version.empty()) return;
  auto& w = j.w();
  std::string_view dv = o.data_version;
  size_t sp = dv.rfind(' ');
  j.key("extensions");
  w.StartArray();
  w.StartObject();
  if (sp == std::string_view::npos || sp == 0) {
    j.kv("name", dv);
  } else {
    j.kv("name", dv.substr(0, sp));
    j.kv("version", dv.substr(sp + 1));
  }
  w.EndObject();
  w.EndArray();
}

// Parse errors (IAM000) as error notifications and notices as note notifications.
// GitHub code scanning keeps the 5,000 most severe results of a run and rejects a run with more
// than 25,000 ("SARIF results exceed one or more limits"). Past 5,000 the SARIF file holds the
// 5,000 most severe (level, then security-severity; the report's order otherwise) and a
// notification says how many were left out, rather than GitHub dropping them silently.
struct SarifSelection {
  std::vector<const Finding*> kept;  // in the report's order
  size_t left_out[3] = {0, 0, 0};    // by Level
  size_t left_out_total() const { return left_out[0] + left_out[1] + left_out[2]; }
};

SarifSelection select_sarif_results(const Report& r, const RuleTable& table) {
  SarifSelection sel;
  sel.kept.reserve(std::min(r.findings.size(), kSarifKeptResults));
  for (const Finding& f : r.findings) sel.kept.push_back(&f);
  if (sel.kept.size() <= kSarifKeptResults) return sel;
  auto severity = [&](const Finding* f) {
    const RuleInfo* ri = table.info(f->rule_id);
    std::string_view s = ri && !ri->security_severity.empty() ? ri->security_severity : default_security_severity(f->level);
    return std::strtod(std::string(s).c_str(), nullptr);
  };
  std::vector<std::pair<double, size_t>> rank;  // (-(level, severity), position)
  rank.reserve(sel.kept.size());
  for (size_t i = 0; i < sel.kept.size(); ++i)
    rank.push_back({-(static_cast<int>(sel.kept[i]->level) * 100.0 + severity(sel.kept[i])), i});
  std::nth_element(rank.begin(), rank.begin() + static_cast<ptrdiff_t>(kSarifKeptResults), rank.end());
  std::vector<char> keep(sel.kept.size(), 0);
  for (size_t k = 0; k < kSarifKeptResults; ++k) keep[rank[k].second] = 1;
  std::vector<const Finding*> kept;
  kept.reserve(kSarifKeptResults);
  for (size_t i = 0; i < sel.kept.size(); ++i) {
    if (keep[i]) kept.push_back(sel.kept[i]);
    else ++sel.left_out[static_cast<int>(sel.kept[i]->level)];
  }
  sel.kept = std::move(kept);
  return sel;
}

std::string left_out_message(const SarifSelection& sel, size_t total) {
  std::string m = "iamlint found " + std::to_string(total) + " results; GitHub code scanning keeps " +
                  std::to_string(kSarifKeptResults) + " per run, so this file holds the " +
                  std::to_string(kSarifKeptResults) + " most severe and leaves out " +
                  std::to_string(sel.left_out_total()) + " (";
  const char* names[3] = {"notes", "warnings", "errors"};
  bool first = true;
  for (int l = 2; l >= 0; --l) {
    if (!sel.left_out[l]) continue;
    m += (first ? "" : ", ") + std::to_string(sel.left_out[l]) + " " + names[l];
    first = false;
  }
  m += "). Run iamlint with --format text to see all of them, or lint parts of the repository in "
       "separate runs, each uploaded with its own category.";
  return m;
}

void write_invocation(JsonOut& j, const Report& r, const RuleTable& table, const ReportOptions& o,
                      const SarifSelection& sel) {
  auto& w = j.w();
  bool parse_error = false;
  for (const Finding& f : r.findings)
    if (f.rule_id == kParseErrorRule) parse_error = true;

  j.key("invocations");
  w.StartArray();
  w.StartObject();
  j.key("executionSuccessful");
  w.Bool(!parse_error);
  if (parse_error || !r.notices.empty() || sel.left_out_total()) {
    ArtifactUris uris(o.srcroot);
    SarifRegions regions(r);
    j.key("toolExecutionNotifications");
    w.StartArray();
    for (const Finding& f : r.findings) {
      if (f.rule_id != kParseErrorRule) continue;
      SarifRegion region = regions.get(f.path, f.span);
      w.StartObject();
      j.kv("level", "error");
      j.text_object("message", f.message.empty() ? std::string_view("parse error") : f.message);
      if (auto idx = table.index(f.rule_id)) {
        j.key("associatedRule");
        w.StartObject();
        j.kv("id", f.rule_id);
        j.kv_uint("index", *idx);
        w.EndObject();
      }
      j.key("locations");
      w.StartArray();
      w.StartObject();
      write_physical_location(j, uris.get(f.path), &region);
      w.EndObject();
      w.EndArray();
      w.EndObject();
    }
    if (sel.left_out_total()) {
      w.StartObject();
      j.kv("level", "warning");
      j.text_object("message", left_out_message(sel, r.findings.size()));
      w.EndObject();
    }
    for (const Notice& n : r.notices) {
      w.StartObject();
      j.kv("level", "note");
      j.text_object("message", n.message.empty() ? std::string_view("notice") : n.message);
      if (!n.path.empty()) {
        SarifRegion region = regions.get(n.path, Span{n.pos, n.pos});
        j.key("locations");
        w.StartArray();
        w.StartObject();
        write_physical_location(j, uris.get(n.path), n.pos.valid() ? &region : nullptr);
        w.EndObject();
        w.EndArray();
      }
      w.EndObject();
    }
    w.EndArray();
  }
  w.EndObject();
  w.EndArray();
}

// Stand-in fingerprint should the engine ever leave one empty (GitHub requires one): FNV-1a of
// rule, path and message.
std::string fallback_fingerprint(const Finding& f) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;
    h *= 1099511628211ULL;
  };
  mix(f.rule_id);
  mix(f.path);
  mix(f.resource);
  mix(f.message);
  char buf[17];
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    buf[i] = kHex[h & 0xF];
    h >>= 4;
  }
  return std::string(buf, 16);
}

// A finding's fix as a SARIF `fixes` entry: one artifactChange whose replacements delete a region
// (empty for an insertion) and insert text. Edit offsets become the parsers' positions (the BOM is
// not a column), then SARIF's UTF-16 columns like every other region.
void write_fix(JsonOut& j, const Report& r, const Finding& f, const ArtifactUris::Uri& uri, SarifRegions& regions,
               std::unordered_map<std::string, std::vector<uint32_t>>& cache) {
  std::string_view text = r.source(f.path);
  auto& starts = cache[f.path];
  if (starts.empty()) {
    starts.push_back(text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0);
    for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1))
      starts.push_back(static_cast<uint32_t>(i + 1));
  }
  for (const TextEdit& e : f.fix->edits)
    if (e.end > text.size() || e.begin < starts.front()) return;  // not this text (cannot happen)
  auto pos = [&](uint32_t off) {
    auto it = std::upper_bound(starts.begin(), starts.end(), off);
    size_t line = static_cast<size_t>(it - starts.begin());
    return Pos{static_cast<uint32_t>(line), off - starts[line - 1] + 1};
  };
  auto& w = j.w();
  j.key("fixes");
  w.StartArray();
  w.StartObject();
  j.text_object("description", (f.fix->safe ? "" : "(unsafe) ") + f.fix->title);
  j.key("artifactChanges");
  w.StartArray();
  w.StartObject();
  j.key("artifactLocation");
  w.StartObject();
  j.kv("uri", uri.uri);
  if (uri.under_root) j.kv("uriBaseId", "%SRCROOT%");
  w.EndObject();
  j.key("replacements");
  w.StartArray();
  for (const TextEdit& e : f.fix->edits) {
    SarifRegion rg = regions.get(f.path, Span{pos(e.begin), pos(e.end)});
    w.StartObject();
    j.key("deletedRegion");
    w.StartObject();
    j.kv_uint("startLine", rg.start_line);
    j.kv_uint("startColumn", rg.start_col);
    j.kv_uint("endLine", rg.end_line);
    j.kv_uint("endColumn", rg.end_col);
    w.EndObject();
    if (!e.text.empty()) j.text_object("insertedContent", e.text);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  w.EndArray();
}

void write_results(JsonOut& j, const Report& r, const RuleTable& table, const ReportOptions& o,
                   const SarifSelection& sel) {
  auto& w = j.w();
  ArtifactUris uris(o.srcroot);
  SarifRegions regions(r);
  // GitHub may merge results with the same rule, file and fingerprint into one alert.
  std::unordered_map<std::string, uint32_t> seen;
  std::string key;
  std::unordered_map<std::string, std::vector<uint32_t>> starts_cache;  // fixes: line starts per file

  j.key("results");
  w.StartArray();
  for (const Finding* fp : sel.kept) {
    const Finding& f = *fp;
    const ArtifactUris::Uri& uri = uris.get(f.path);
    const RuleInfo* ri = table.info(f.rule_id);

    w.StartObject();
    j.kv("ruleId", f.rule_id);
    if (auto idx = table.index(f.rule_id)) j.kv_uint("ruleIndex", *idx);
    j.kv("level", level_name(f.level));
    std::string_view message = f.message;
    if (message.empty()) message = ri ? ri->short_description : std::string_view(f.rule_id);
    if (f.related.empty()) {
      j.text_object("message", message);
    } else {
      // Related locations linked from the message ("[text](id)", SARIF 3.11.6), so GitHub shows
      // them; brackets inside a link's text would end it early.
      std::string linked(message);
      linked += linked.empty() || linked.back() == '.' ? " See: " : ". See: ";
      uint64_t id = 0;
      for (const RelatedLocation& rel : f.related) {
        if (id) linked += ", ";
        linked += '[';
        for (char c : rel.message.empty() ? std::string_view("related location") : std::string_view(rel.message))
          linked += c == '[' ? '(' : c == ']' ? ')' : c;
        linked += "](";
        append_uint(linked, ++id);
        linked += ')';
      }
      linked += '.';
      j.text_object("message", linked);
    }

    j.key("locations");
    w.StartArray();
    w.StartObject();
    SarifRegion region = regions.get(f.path, f.span);
    write_physical_location(j, uri, &region);
    w.EndObject();
    w.EndArray();

    std::string fingerprint = f.fingerprint.empty() ? fallback_fingerprint(f) : f.fingerprint;
    key.assign(f.rule_id);
    key += '\0';
    key += uri.uri;
    key += '\0';
    key += fingerprint;
    uint32_t n = ++seen[key];
    if (n > 1) {
      fingerprint += ':';
      append_uint(fingerprint, n);
    }
    j.key("partialFingerprints");
    w.StartObject();
    j.kv("primaryLocationLineHash", fingerprint);
    w.EndObject();

    if (!f.related.empty()) {
      j.key("relatedLocations");
      w.StartArray();
      uint64_t id = 0;
      for (const RelatedLocation& rel : f.related) {
        const std::string& rel_path = rel.path.empty() ? f.path : rel.path;
        SarifRegion rr = regions.get(rel_path, rel.span);
        w.StartObject();
        j.kv_uint("id", ++id);
        write_physical_location(j, rel.path.empty() ? uri : uris.get(rel.path), &rr);
        if (!rel.message.empty()) j.text_object("message", rel.message);
        w.EndObject();
      }
      w.EndArray();
    }
    if (f.fix && r.source) write_fix(j, r, f, uri, regions, starts_cache);
    if (!f.resource.empty()) {
      j.key("properties");
      w.StartObject();
      j.kv("resource", f.resource);
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
}

// ---------------------------------------------------------------------------------------------
// github workflow commands

// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData,
// escapeProperty).
void append_command_data(std::string& out, std::string_view s, bool property) {
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':':
        if (property)
          out += "%3A";
        else
          out += c;
        break;
      case ',':
        if (property)
          out += "%2C";
        else
          out += c;
        break;
      default: out += c;
    }
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string render(Format f, const Report& r, std::span<const Rule> rules, const ReportOptions& o) {
  switch (f) {
    case Format::Text: return render_text(r, rules, o);
    case Format::Gcc: return render_gcc(r, rules, o);
    case Format::Json: return render_json(r, rules, o);
    case Format::Sarif: return render_sarif(r, rules, o);
    case Format::Github: return render_github(r, rules, o);
  }
  return render_text(r, rules, o);
}

std::string render_text(const Report& r, std::span<const Rule>, const ReportOptions& o) {
  const Style& st = o.color ? kAnsi : kPlain;
  std::string out;
  out.reserve(r.findings.size() * 200 + 64);
  SourceLines src(r);
  size_t counts[3] = {0, 0, 0};
  size_t fixable = 0, hidden_fixes = 0;
  std::unordered_set<std::string_view> files;

  for (const Finding& f : r.findings) {
    ++counts[static_cast<size_t>(f.level) <= 2 ? static_cast<size_t>(f.level) : 1];
    files.insert(f.path);
    const Region rg = region_of(f.span);
    const char* color = st.level(f.level);

    out += st.location;
    append_location(out, f.path, rg.begin);
    out += ':';
    out += st.reset;
    out += ' ';
    out += color;
    out += level_name(f.level);
    out += st.reset;
    out += ' ';
    out += f.rule_id;
    out += ' ';
    append_printable(out, f.message);
    if (f.fix) {
      // Fixable: [*] with --fix; [unsafe fix] needs --unsafe-fixes too (ruff's marks).
      const bool shown = f.fix->safe || o.unsafe_fixes;
      out += shown ? " [*]" : " [unsafe fix]";
      ++(shown ? fixable : hidden_fixes);
    }
    out += '\n';

    if (f.span.begin.valid()) {
      src.load(f.path);
      if (src.known() && rg.begin.line <= src.count())
        append_snippet(out, src.line(rg.begin.line), rg, color, st.reset);
    }
    for (const RelatedLocation& rel : f.related) {
      out += "  ";
      out += st.note;
      out += "note:";
      out += st.reset;
      out += ' ';
      append_printable(out, rel.message.empty() ? std::string_view("related location") : rel.message);
      out += " at ";
      append_location(out, rel.path.empty() ? f.path : rel.path, region_of(rel.span).begin);
      out += '\n';
    }
  }

  if (o.verbose) {
    // Grouped: one line per file and message, at its first place, with the other places after it
    // ("${AWS::Partition} is only known at deploy time" forty times in one template is one line).
    // In the order given (the CLI sorts them by file and position).
    std::map<std::pair<std::string_view, std::string_view>, std::vector<const Notice*>> groups;
    std::vector<std::vector<const Notice*>*> firsts;
    for (const Notice& n : r.notices) {
      auto [it, fresh] = groups.try_emplace({n.path, n.message});
      if (fresh) firsts.push_back(&it->second);
      if (it->second.empty() || !(it->second.back()->pos == n.pos)) it->second.push_back(&n);
    }
    auto append_pos = [&](Pos p) {
      append_uint(out, p.line);
      out += ':';
      append_uint(out, std::max<uint32_t>(p.col, 1));
    };
    for (const auto* g : firsts) {
      const Notice& n = *g->front();
      out += st.location;
      append_printable(out, n.path);
      if (n.pos.valid()) {
        out += ':';
        append_pos(n.pos);
      }
      out += ':';
      out += st.reset;
      out += ' ';
      out += st.note;
      out += "note:";
      out += st.reset;
      out += ' ';
      append_printable(out, n.message);
      if (g->size() > 1) {
        constexpr size_t kShown = 8;
        out += " (also at ";
        for (size_t i = 1; i < g->size() && i <= kShown; ++i) {
          if (i > 1) out += ", ";
          append_pos((*g)[i]->pos);
        }
        if (g->size() - 1 > kShown) {
          out += " and ";
          append_uint(out, g->size() - 1 - kShown);
          out += " more";
        }
        out += ')';
      }
      out += '\n';
    }
  }

  if (r.findings.empty()) {
    out += "No problems found in ";
    append_count(out, r.files_linted, "file");
    out += ".\n";
    return out;
  }
  const std::string_view nouns[3] = {"note", "warning", "error"};
  bool first = true;
  for (int l = 2; l >= 0; --l) {
    if (counts[l] == 0) continue;
    if (!first) out += ", ";
    first = false;
    append_count(out, counts[l], nouns[l]);
  }
  out += " in ";
  append_count(out, files.size(), "file");
  out += '\n';
  if (fixable || hidden_fixes) {
    if (fixable) {
      append_count(out, fixable, "finding");
      out += o.unsafe_fixes ? " [*] fixable with --fix --unsafe-fixes" : " [*] fixable with --fix";
    }
    if (hidden_fixes) {
      out += fixable ? "; " : "";
      append_uint(out, hidden_fixes);
      out += " more";
      out += " with --fix --unsafe-fixes";
    }
    out += " (--diff previews)\n";
  }
  return out;
}

std::string render_gcc(const Report& r, std::span<const Rule>, const ReportOptions&) {
  std::string out;
  out.reserve(r.findings.size() * 120);
  for (const Finding& f : r.findings) {
    append_location(out, f.path, region_of(f.span).begin);
    out += ": ";
    out += level_name(f.level);
    out += ": ";
    append_printable(out, f.message);
    out += " [";
    out += f.rule_id;
    out += "]\n";
  }
  return out;
}

namespace {

// One workflow command: `::error file=F,line=L,col=C[,endLine=..,endColumn=..],title=T::message`.
void append_annotation(std::string& out, std::string_view command, const std::string& file, Pos begin,
                       const Pos* end, std::string_view title, std::string_view message) {
  out += "::";
  out += command;
  out += " file=";
  append_command_data(out, file, true);
  out += ",line=";
  append_uint(out, begin.line);
  out += ",col=";
  append_uint(out, begin.col);
  if (end) {
    out += ",endLine=";
    append_uint(out, end->line);
    out += ",endColumn=";
    append_uint(out, end->col);
  }
  out += ",title=";
  append_command_data(out, title, true);
  out += "::";
  append_command_data(out, message, false);
  out += '\n';
}

}  // namespace

std::string render_github(const Report& r, std::span<const Rule> rules, const ReportOptions& o) {
  RuleTable table(rules);
  // GitHub resolves `file=` against the checkout: paths relative to the source root (which the
  // CLI defaults to $GITHUB_WORKSPACE in a workflow), so a step with `working-directory` works.
  ArtifactUris uris(o.srcroot);
  std::string out;
  out.reserve(r.findings.size() * 160);
  std::string title;
  for (const Finding& f : r.findings) {
    const Region rg = region_of(f.span);
    title = f.rule_id;
    if (const RuleInfo* ri = table.info(f.rule_id)) {
      title += ' ';
      title += ri->name;
    }
    append_annotation(out, f.level == Level::Error ? "error" : f.level == Level::Warning ? "warning" : "notice",
                      uris.get(f.path).relative, rg.begin, &rg.end, title, f.message);
  }
  // --warn-unused-ignores: annotations too (standard error is not shown on the pull request).
  for (const Notice& u : r.unused_suppressions)
    append_annotation(out, "warning", uris.get(u.path).relative, u.pos, nullptr,
                      u.message.rfind("unused suppression", 0) == 0 ? "iamlint unused-suppression" : "iamlint suppression",
                      u.message);
  return out;
}

std::string render_json(const Report& r, std::span<const Rule> rules, const ReportOptions&) {
  RuleTable table(rules);
  JsonOut j;
  auto& w = j.w();
  w.StartArray();
  for (const Finding& f : r.findings) {
    const Region rg = region_of(f.span);
    const RuleInfo* ri = table.info(f.rule_id);
    w.StartObject();
    j.kv("rule", f.rule_id);
    j.kv("name", ri ? ri->name : std::string_view());
    j.kv("level", level_name(f.level));
    j.kv("message", f.message);
    j.kv("path", f.path);
    j.kv_uint("line", rg.begin.line);
    j.kv_uint("column", rg.begin.col);
    j.kv_uint("end_line", rg.end.line);
    j.kv_uint("end_column", rg.end.col);
    j.key("resource");
    if (f.resource.empty())
      w.Null();
    else
      j.str(f.resource);
    j.kv("fingerprint", f.fingerprint);
    j.key("related");
    w.StartArray();
    for (const RelatedLocation& rel : f.related) {
      const Region rr = region_of(rel.span);
      w.StartObject();
      j.kv("message", rel.message);
      j.kv("path", rel.path.empty() ? f.path : rel.path);
      j.kv_uint("line", rr.begin.line);
      j.kv_uint("column", rr.begin.col);
      w.EndObject();
    }
    w.EndArray();
    if (f.fix) {  // only on fixable findings: byte offsets into the file as it was read
      j.key("fix");
      w.StartObject();
      j.kv("title", f.fix->title);
      j.key("safe");
      w.Bool(f.fix->safe);
      j.key("edits");
      w.StartArray();
      for (const TextEdit& e : f.fix->edits) {
        w.StartObject();
        j.kv_uint("offset", e.begin);
        j.kv_uint("length", e.end - e.begin);
        j.kv("text", e.text);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndArray();
  return j.finish();
}

std::string render_sarif(const Report& r, std::span<const Rule> rules, const ReportOptions& o) {
  RuleTable table(rules);
  JsonOut j;
  auto& w = j.w();
  w.StartObject();
  j.kv("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  j.kv("version", "2.1.0");
  j.key("runs");
  w.StartArray();
  w.StartObject();

  j.key("tool");
  w.StartObject();
  write_driver(j, rules, o);
  write_extensions(j, o);
  w.EndObject();

  const SarifSelection sel = select_sarif_results(r, table);
  write_invocation(j, r, table, o, sel);

  j.key("originalUriBaseIds");
  w.StartObject();
  j.key("%SRCROOT%");
  w.StartObject();
  j.kv("uri", ArtifactUris(o.srcroot).root_uri());
  w.EndObject();
  w.EndObject();

  // Our columns are bytes; SarifRegions converts them to UTF-16 code units (SARIF's default and
  // what GitHub's web UI indexes by) when the file's text is available.
  j.kv("columnKind", "utf16CodeUnits");

  write_results(j, r, table, o, sel);

  w.EndObject();
  w.EndArray();
  w.EndObject();
  return j.finish();
}

}  // namespace iamlint
