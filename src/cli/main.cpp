// The talentmatch command. Dispatch, --help and --version, and the one mapping of failures to exit codes:
//
//   0  success
//   2  invalid input: bad arguments, an unreadable input file, a document or plan that fails validation (every
//      problem listed, each with its JSON path)
//   3  infeasible: no plan meets the rules (the message names the post or the constraint)
//   1  anything else (an output that cannot be written, an internal error)
//
// Nothing is written to -o unless the whole run succeeded (emit() runs last, through the atomic writer).

#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "args.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/io/file.hpp"
#include "talentmatch/version.hpp"

namespace {

using namespace talentmatch::cli;

struct command {
  command_spec spec;
  int (*run)(const arguments&);
};

std::vector<command> all_commands() {
  return {{demo_spec(), demo},     {match_spec(), match},   {validate_spec(), validate}, {explain_spec(), explain},
          {replan_spec(), replan}, {mentor_spec(), mentor}, {place_spec(), place}};
}

std::string main_help(const std::vector<command>& cs) {
  std::string out =
      "usage: talentmatch COMMAND [ARGS]\n\n"
      "Exact, certified matching of experts to the posts a county needs filled, of mentors to local staff and\n"
      "of local staff to training hosts.\n\ncommands:\n";
  for (const auto& c : cs) {
    std::string first = c.spec.summary.substr(0, c.spec.summary.find(':'));
    if (first.size() > 90) first = first.substr(0, first.rfind(' ', 87)) + " ...";
    out += "  " + c.spec.name + std::string(10 - c.spec.name.size(), ' ') + first + "\n";
  }
  out +=
      "\n`talentmatch COMMAND --help` shows a command's options; `talentmatch --version` the version.\n"
      "Exit codes: 0 success, 2 invalid input, 3 infeasible, 1 anything else.\n";
  return out;
}

int fail(int code, const std::string& message) {
  std::cerr << message << (message.empty() || message.back() == '\n' ? "" : "\n");
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  const std::vector<command> cs = all_commands();
  if (args.empty()) return fail(2, main_help(cs));
  if (args[0] == "-h" || args[0] == "--help") {
    std::cout << main_help(cs);
    return 0;
  }
  if (args[0] == "--version") {
    std::cout << "talentmatch " << talentmatch::version << "\n";
    return 0;
  }
  const command* chosen = nullptr;
  for (const auto& c : cs) {
    if (c.spec.name == args[0]) chosen = &c;
  }
  if (chosen == nullptr) return fail(2, "talentmatch: unknown command '" + args[0] + "'\n\n" + main_help(cs));
  try {
    const arguments a = parse(chosen->spec, std::vector<std::string>(args.begin() + 1, args.end()));
    if (a.help) {
      std::cout << help_text(chosen->spec);
      return 0;
    }
    return chosen->run(a);
  } catch (const usage_error& e) {
    return fail(2, e.what());
  } catch (const input_error& e) {
    return fail(2, std::string("talentmatch: ") + e.what());
  } catch (const talentmatch::infeasible_error& e) {
    return fail(3, std::string("talentmatch: infeasible: ") + e.what());
  } catch (const talentmatch::io::file_error& e) {  // an output that cannot be written
    return fail(1, std::string("talentmatch: ") + e.what());
  } catch (const talentmatch::error& e) {  // the document, the plan or an argument of the core
    return fail(2, std::string("talentmatch: ") + e.what());
  } catch (const std::exception& e) {
    return fail(1, std::string("talentmatch: error: ") + e.what());
  }
}
