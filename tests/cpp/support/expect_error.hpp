#pragma once

// Expectations on the errors the library raises: the type (talentmatch::error, or its infeasible_error) and a part
// of the message, so that a test shows what the caller is told, not only that something was thrown.

#include <gtest/gtest.h>

#include <exception>
#include <string>

#include "talentmatch/error.hpp"

namespace talentmatch::test {

// fn() must throw a talentmatch::error (not an infeasible_error when `infeasible` is false, only one when it is
// true) whose message contains every one of `parts`.
template <class Fn>
void expect_error(Fn&& fn, std::initializer_list<std::string> parts, bool infeasible = false) {
  try {
    fn();
    ADD_FAILURE() << "expected talentmatch::error containing \"" << *parts.begin() << "\", nothing was thrown";
  } catch (const talentmatch::infeasible_error& e) {
    if (!infeasible) ADD_FAILURE() << "expected a plain talentmatch::error, got infeasible_error: " << e.what();
    for (const std::string& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  } catch (const talentmatch::error& e) {
    if (infeasible) ADD_FAILURE() << "expected talentmatch::infeasible_error, got a plain error: " << e.what();
    for (const std::string& p : parts) EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "expected talentmatch::error, got another exception: " << e.what();
  }
}

template <class Fn>
void expect_infeasible(Fn&& fn, std::initializer_list<std::string> parts) {
  expect_error(fn, parts, true);
}

// fn() must not throw; returns its result.
template <class Fn>
auto expect_no_error(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "unexpected exception: " << e.what();
    throw;
  }
}

}  // namespace talentmatch::test
