#pragma once

// What the subcommands share: the output formats and where output goes (stdout, or -o through the one atomic
// writer), reading the inputs, and the progress line. The subcommands themselves call the same core as Python and
// C++ (plan::match, plan::replan, plan::pair_mentors, plan::place_trainees, scoring::explain, model validation
// through io::load_problem), and the reports are io/text.hpp's and io/html.hpp's, as in Python.

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "args.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/plan/matcher.hpp"
#include "talentmatch/plan/pairing.hpp"
#include "talentmatch/plan/plan.hpp"

namespace talentmatch::cli {

// An input that cannot be read (a missing or unreadable file): exit code 2, like an invalid document.
class input_error : public std::runtime_error {
 public:
  explicit input_error(const std::string& what) : std::runtime_error(what) {}
};

enum class format { table, json, html };

// --format, else the extension of -o (.json, .html/.htm), else table.
format format_of(const arguments& a);

// The problem document at `path`, validated; a file that cannot be read is an input_error.
model::problem load_problem_file(const std::string& path);

// Writes `text` to -o (atomically: the old file or the new one, never a part) or to stdout.
void emit(const arguments& a, const std::string& text);

// A post plan read from `path` (plan JSON, as match -o writes it): a file that cannot be read, or one that is not a
// post plan (each problem with its JSON path), is an input_error naming the file.
plan::plan load_post_plan_file(const std::string& path);

// Whether the output is a terminal (no -o, and stdout a terminal): the table is coloured only then.
bool output_is_terminal(const arguments& a);

// A plan in the chosen format (the table in colour only when it goes to a terminal).
std::string render_plan(const plan::plan& p, const model::problem& problem, format f, bool to_terminal);

// A mentor pairing or a training placement in the chosen format.
std::string render_pairing(const plan::pairing_plan& p, const model::problem& problem, format f, bool to_terminal);

// The value of option `name`, one of `allowed` (else a usage_error listing them), or `fallback` when absent.
std::string choice_of(const arguments& a, const std::string& name, const std::vector<std::string>& allowed,
                      const std::string& fallback);

// The match options from the command line (--fill-first, --alternates N, --closest N).
plan::match_options match_options_of(const arguments& a);

// Matches `p` with `opt` (a progress line saying `what`) and emits the plan in format `f`: the body of demo and
// match, which check their arguments (f, opt) before they read anything.
int match_and_emit(const arguments& a, format f, const plan::match_options& opt, const model::problem& p,
                   const std::string& what);

// -o and --format: the options of every command that writes a plan.
void add_output_options(command_spec& c);

// The options every posts-plan command takes: add_output_options, then --fill-first, --alternates and --closest.
void add_plan_options(command_spec& c);

// A line on stderr ("talentmatch: matching fuyun.json ... 3 s") for runs over about a second, when stderr is a
// terminal; nothing otherwise. Cleared when the scope ends.
class progress {
 public:
  explicit progress(std::string what);
  ~progress();
  progress(const progress&) = delete;
  progress& operator=(const progress&) = delete;

 private:
  std::string what_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  bool shown_ = false;
  std::thread thread_;
};

bool stdout_is_terminal();

}  // namespace talentmatch::cli
