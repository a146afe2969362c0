// `iamlint diff` (lint/diff/cmd_diff.cpp): the permission diff of a change.
#pragma once

namespace iamlint::diff {

// argv[0] is "diff". Returns the exit status.
int run_diff(int argc, char** argv);

}  // namespace iamlint::diff
