// The command line: options, file discovery, parallel linting, output, exit status.
#pragma once

namespace iamlint {

// Exit status: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error,
// unreadable file or a parse error (IAM000).
int run_cli(int argc, char** argv);

}  // namespace iamlint
