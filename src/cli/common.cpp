#include "common.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "talentmatch/error.hpp"
#include "talentmatch/io/file.hpp"
#include "talentmatch/io/html.hpp"
#include "talentmatch/io/json.hpp"
#include "talentmatch/io/plan_json.hpp"
#include "talentmatch/io/text.hpp"

namespace talentmatch::cli {

namespace {
bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

long parse_count(const arguments& a, const std::string& name, long fallback) {
  if (!a.has(name)) return fallback;
  const std::string s = a.get(name);
  std::size_t used = 0;
  long v = -1;
  try {
    v = std::stol(s, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != s.size() || s.empty() || v < 0 || v > 1000000) {
    throw usage_error("talentmatch " + a.command + ": " + name + " must be a whole number from 0 to 1000000, got '" +
                      s + "'");
  }
  return v;
}
}  // namespace

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) != 0; }

format format_of(const arguments& a) {
  if (a.has("--format")) {
    const std::string f = a.get("--format");
    if (f == "table") return format::table;
    if (f == "json") return format::json;
    if (f == "html") return format::html;
    throw usage_error("talentmatch " + a.command + ": --format must be table, json or html, got '" + f + "'");
  }
  const std::string out = a.get("--output");
  if (ends_with(out, ".json")) return format::json;
  if (ends_with(out, ".html") || ends_with(out, ".htm")) return format::html;
  return format::table;
}

model::problem load_problem_file(const std::string& path) {
  std::string text;
  try {
    text = io::read_file(path);
  } catch (const io::file_error& e) {
    throw input_error(e.what());
  }
  return io::parse_problem(text);
}

void emit(const arguments& a, const std::string& text) {
  if (a.has("--output")) {
    io::write_file_atomically(a.get("--output"), text);
    return;
  }
  std::cout << text;
  std::cout.flush();
  if (!std::cout) throw std::runtime_error("cannot write to standard output");
}

plan::plan load_post_plan_file(const std::string& path) {
  std::string text;
  try {
    text = io::read_file(path);
  } catch (const io::file_error& e) {
    throw input_error(e.what());
  }
  // A plan of another kind (a mentor pairing, say) lacks every key a post plan's assignments have: its kind is the
  // one problem worth naming, not one line per assignment after it.
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_object() && doc.contains("kind") && doc["kind"].is_string() && doc["kind"] != "posts") {
    throw input_error(path + ": /kind: a post plan (kind \"posts\", as match -o writes it) is needed, got \"" +
                      doc["kind"].get<std::string>() + "\"");
  }
  try {
    return io::plan_from_json(text);
  } catch (const validation_error& e) {
    throw input_error(path + ": not a valid post plan: " + e.what());
  }
}

bool output_is_terminal(const arguments& a) { return !a.has("--output") && stdout_is_terminal(); }

std::string choice_of(const arguments& a, const std::string& name, const std::vector<std::string>& allowed,
                      const std::string& fallback) {
  if (!a.has(name)) return fallback;
  const std::string v = a.get(name);
  if (std::find(allowed.begin(), allowed.end(), v) != allowed.end()) return v;
  std::string list;
  for (std::size_t k = 0; k < allowed.size(); ++k) {
    list += (k == 0 ? "" : k + 1 == allowed.size() ? " or " : ", ") + allowed[k];
  }
  throw usage_error("talentmatch " + a.command + ": " + name + " must be " + list + ", got '" + v + "'");
}

std::string render_pairing(const plan::pairing_plan& p, const model::problem& problem, format f, bool to_terminal) {
  switch (f) {
    case format::json:
      return io::dump_pairing(p);
    case format::html:
      return io::render_pairing_html(p, problem, io::html_options{});
    case format::table:
      break;
  }
  io::text_options o;
  o.colour = to_terminal;
  return io::render_pairing_table(p, problem, o);
}

std::string render_plan(const plan::plan& p, const model::problem& problem, format f, bool to_terminal) {
  switch (f) {
    case format::json:
      return io::dump_plan(p);
    case format::html: {
      io::html_options o;
      return io::render_html(p, problem, o);
    }
    case format::table:
      break;
  }
  io::text_options o;
  o.colour = to_terminal;
  return io::render_table(p, problem, o);
}

plan::match_options match_options_of(const arguments& a) {
  plan::match_options o;
  o.fill_first = a.has("--fill-first");
  o.alternates = static_cast<std::ptrdiff_t>(parse_count(a, "--alternates", static_cast<long>(o.alternates)));
  o.closest = static_cast<std::ptrdiff_t>(parse_count(a, "--closest", static_cast<long>(o.closest)));
  return o;
}

int match_and_emit(const arguments& a, format f, const plan::match_options& opt, const model::problem& p,
                   const std::string& what) {
  plan::plan result;
  {
    progress line(what);
    result = plan::match(p, opt);
  }
  emit(a, render_plan(result, p, f, output_is_terminal(a)));
  return 0;
}

void add_output_options(command_spec& c) {
  c.options.push_back({"--output", "-o", "FILE", "write the plan to FILE (atomically) instead of standard output"});
  c.options.push_back({"--format", "", "FORMAT", "table, json or html (default: from FILE's extension, else table)"});
}

void add_plan_options(command_spec& c) {
  add_output_options(c);
  c.options.push_back({"--fill-first", "", "", "fill the most slots first, then maximise value"});
  c.options.push_back({"--alternates", "", "N", "alternates listed per post (default 3)"});
  c.options.push_back({"--closest", "", "N", "closest experts in each recruiting brief (default 5)"});
}

progress::progress(std::string what) : what_(std::move(what)) {
  if (::isatty(STDERR_FILENO) == 0) return;
  thread_ = std::thread([this] {
    const auto start = std::chrono::steady_clock::now();
    std::unique_lock<std::mutex> lock(mu_);
    if (cv_.wait_for(lock, std::chrono::seconds(1), [this] { return done_; })) return;
    while (!done_) {
      const long s = static_cast<long>(
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count());
      std::fprintf(stderr, "\r\033[Ktalentmatch: %s ... %ld s", what_.c_str(), s);
      std::fflush(stderr);
      shown_ = true;
      cv_.wait_for(lock, std::chrono::milliseconds(500), [this] { return done_; });
    }
  });
}

progress::~progress() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (shown_) {
    std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  }
}

}  // namespace talentmatch::cli
