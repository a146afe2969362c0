#include "lint/cli.h"

int main(int argc, char** argv) { return iamlint::run_cli(argc, argv); }
