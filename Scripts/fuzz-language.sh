#!/usr/bin/env bash
# Fuzzes the .airs language (lexer, parser, resolver, interpreter with a step limit) with libFuzzer.
# Usage: Scripts/fuzz-language.sh [SECONDS=600] [extra libFuzzer flags...]
# Crashes are written to .build-fuzz/crashes/; replay one with the normal build:
#   swift build --product ScriptLanguageFuzz && .build/debug/ScriptLanguageFuzz --show FILE
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
shift || true
swift build -c debug --build-path .build-fuzz --product ScriptLanguageFuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING
corpus=.build-fuzz/corpus
mkdir -p "$corpus" .build-fuzz/crashes
# Seed the corpus with every test script, so the fuzzer starts from valid programs.
find Tests/ScriptLanguageTests/Scripts Scripts -name '*.airs' -exec cp {} "$corpus"/ \; 2>/dev/null || true
exec .build-fuzz/debug/ScriptLanguageFuzz "$corpus" -dict=Scripts/fuzz-language.dict -max_total_time="$seconds" -max_len=4096 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix=.build-fuzz/crashes/ -print_final_stats=1 "$@"
