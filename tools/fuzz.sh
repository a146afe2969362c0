#!/usr/bin/env bash
# Time-boxed fuzzing: builds every libFuzzer target (tests/fuzz/fuzz_*.cpp) with clang in
# build-fuzz (ASan + UBSan), then runs each for IAMLINT_FUZZ_SECONDS seconds (default 30), seeded
# from testdata/. A crash, a sanitizer report, a leak, a timeout (> 10 s on one input) or running
# out of memory (> 2 GB) fails the run: the input is saved as fuzz-artifacts/<target>-crash-<hash>
# (or -timeout-/-oom-/-leak-), and the script exits non-zero after trying every target.
#
#   bash tools/fuzz.sh                      # every target, 30 s each
#   IAMLINT_FUZZ_SECONDS=600 bash tools/fuzz.sh fuzz_arn fuzz_resolver
#
# To keep a crasher as a regression test, copy it to testdata/fuzz/ (tests/unit/
# test_fuzz_regressions.cpp lints every file there, and checks arn-* files, "Resource\nformat",
# against the reference matcher); parser crashers belong in testdata/parse/. A fuzz_resolver input
# starts with an options byte: drop it when saving the template.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${IAMLINT_FUZZ_SECONDS:-30}
jobs=${IAMLINT_JOBS:-$(nproc)}

CC=${CC:-clang} CXX=${CXX:-clang++} cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIAMLINT_FUZZ=ON -DIAMLINT_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$jobs" -- --quiet

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for src in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$src" .cpp)"); done
fi

mkdir -p fuzz-artifacts
work=$(mktemp -d "${TMPDIR:-/tmp}/iamlint-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Seeds: the inputs of testdata/ each target reads, numbered (many fixtures share a file name).
# copy_seeds DIR NAME BYTES FIND-ARGS...: each file found becomes DIR/NAME-<n>, with BYTES (a printf
# format, e.g. '\001') in front of its content.
copy_seeds() {
  local dir=$1 name=$2 bytes=$3 i=0 f
  shift 3
  while IFS= read -r -d '' f; do
    # shellcheck disable=SC2059  # BYTES is a printf format on purpose
    { printf "$bytes"; cat "$f"; } >"$dir/$name-$i"
    i=$((i + 1))
  done < <(find "$@" -type f -print0)
}

seed() {
  local target=$1 dir=$2
  local templates=(testdata \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -path 'testdata/fuzz/*' \)
                   ! -name 'arn-*' ! -name '*.md')
  mkdir -p "$dir"
  case "$target" in
    fuzz_json)
      copy_seeds "$dir" seed '' testdata -name '*.json' ;;
    fuzz_yaml)
      copy_seeds "$dir" seed '' testdata \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) ;;
    fuzz_resolver)
      # The target reads an options byte, then the template: each template plain and verbose.
      copy_seeds "$dir" plain '\000' "${templates[@]}"
      copy_seeds "$dir" verbose '\001' "${templates[@]}"
      ;;
    fuzz_fix)
      # An options byte (bit 0 JSON, bit 1 unsafe fixes), then the file: the fixtures with fixes
      # (testdata/fix) and every template, safe and unsafe.
      copy_seeds "$dir" yaml '\002' testdata \( -name '*.yaml' -o -name '*.yml' \)
      copy_seeds "$dir" json '\003' testdata -name '*.json'
      copy_seeds "$dir" golden '\002' testdata/fix -name '*.fixed'
      ;;
    fuzz_arn)
      # "Resource\nformat" pairs; the matcher's unit test holds many more.
      printf 'arn:aws:s3:::bucket/*\narn:${Partition}:s3:::${BucketName}/${ObjectName}' >"$dir/s3-object"
      printf 'arn:aws:s3:::bucket\narn:${Partition}:s3:::${BucketName}' >"$dir/s3-bucket"
      printf 'arn:\x01:dynamodb:\x01:\x01:table/orders\narn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}' >"$dir/ddb"
      printf 'arn:aws:iam::*:role/${aws:username}-*\narn:${Partition}:iam::${Account}:role/${RoleNameWithPath}' >"$dir/iam"
      printf 'arn:aws:execute-api:us-east-1:*:abc/*\narn:${Partition}:apigateway:${Region}::/apis/${ApiId}, arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}' >"$dir/alternatives"
      printf 'arn:aws:logs:*:*:log-group:/aws/lambda/*:*\narn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}' >"$dir/logs"
      copy_seeds "$dir" saved '' testdata/fuzz -name 'arn-*'
      ;;
    fuzz_access)
      # "policy\n----\nrequests": the oracle's kinds of statements, a few requests each.
      printf '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},{"Effect":"Deny","NotAction":"s3:*","NotResource":"arn:aws:s3:::b*"}]}\n----\ns3:GetObject arn:aws:s3:::b/alice/x aws:username=alice aws:SourceIp=10.1.2.3\nsqs:SendMessage arn:aws:sqs:us-east-1:111111111111:q\n' >"$dir/identity"
      printf '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"kms:*","Resource":"*","Condition":{"ForAllValues:StringEquals":{"aws:TagKeys":["a"]},"DateGreaterThan":{"aws:CurrentTime":"2020-01-01T00:00:00Z"}}}]}\n----\nkms:Decrypt arn:aws:kms:us-east-1:111111111111:key/k aws:CurrentTime=2026-01-01T00:00:00Z aws:TagKeys=a aws:TagKeys=b\n' >"$dir/resource"
      ;;
  esac
}

failed=()
for t in "${targets[@]}"; do
  bin=build-fuzz/$t
  if [ ! -x "$bin" ]; then
    echo "fuzz.sh: no such target: $t" >&2
    failed+=("$t")
    continue
  fi
  corpus=$work/$t
  seed "$t" "$corpus"
  echo "== $t: ${secs}s, $(find "$corpus" -type f | wc -l) seeds"
  # halt_on_error: UBSan stops at the first report (the build lets it recover otherwise).
  if ! ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1} \
    "$bin" "$corpus" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="fuzz-artifacts/$t-" -print_final_stats=1 >"$work/$t.log" 2>&1; then
    failed+=("$t")
    grep -E "ERROR|SUMMARY|Test unit written|runtime error" "$work/$t.log" | head -20 >&2 || true
  fi
  grep -E "^stat::number_of_executed_units|^#[0-9]+.*DONE" "$work/$t.log" | tail -2 || true
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz.sh: FAILED: ${failed[*]} (inputs in fuzz-artifacts/)" >&2
  exit 1
fi
echo "fuzz.sh: ${#targets[@]} targets, no crashes"
