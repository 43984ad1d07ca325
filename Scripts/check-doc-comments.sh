#!/usr/bin/env bash
# Counts the public declarations that have no `///` (or `/** */`) comment, per module.
#
#   bash Scripts/check-doc-comments.sh                  table for every module under Sources/
#   bash Scripts/check-doc-comments.sh --list Module…   each undocumented file:line instead
#   bash Scripts/check-doc-comments.sh --require Module…  exit 1 if those modules have any
# A module may be a folder inside one (NeuralNetwork/Layers).
#
# A declaration counts when its line carries an explicit `public` or `open` modifier (after any
# attributes), or when it is a case of a public enum or a requirement of a public protocol;
# extensions and imports do not. It is documented when the line above it, skipping attribute
# lines, ends a doc comment. A text check, not a compiler pass: it follows braces outside
# string literals and line comments, so a `{` inside a multi-line string can mislead it.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=table
if [[ "${1:-}" == --list || "${1:-}" == --require ]]; then mode="${1#--}"; shift; fi
modules=("$@")
if [[ ${#modules[@]} -eq 0 ]]; then
    mapfile -t modules < <(find Sources -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
fi

# Prints one `file:line` per undocumented declaration, then a last line `total N`.
scan() {
    find "$1" -name '*.swift' -print0 | sort -z | xargs -0 -r awk '
        BEGIN {
            attribute = "@[A-Za-z_]+(\\([^)]*\\))?"
            modified = "^(public|open)[[:space:]]"
            skipped = "^(public|open)[[:space:]]+(extension|import)[[:space:]]"
            enumCase = "^(indirect[[:space:]]+)?case[[:space:]]"
            requirement = "^((static|mutating)[[:space:]]+)*" \
                "(func|var|init|subscript|associatedtype)"
            docEnd = "^[[:space:]]*///|\\*/[[:space:]]*$"
        }
        FNR == 1 { previous = ""; depth = 0; delete kind }
        $0 ~ "^[[:space:]]*" attribute "[[:space:]]*$" { next }
        {
            line = $0
            sub("^[[:space:]]*(" attribute "[[:space:]]+)*", "", line)
            counted = (line ~ modified && line !~ skipped) \
                || (kind[depth] == "enum" && line ~ enumCase) \
                || (kind[depth] == "protocol" && line ~ requirement "[[:space:]([<]")
            if (counted) { total++; if (previous !~ docEnd) print FILENAME ":" FNR }
            # Brace depth, with string literals and line comments left out. Members of a
            # public enum (cases) or protocol (requirements) are public without the modifier.
            code = $0
            gsub(/"([^"\\]|\\.)*"/, "", code)
            sub(/\/\/.*/, "", code)
            opened = gsub(/{/, "{", code)
            closed = gsub(/}/, "}", code)
            if (opened > closed) {
                kind[depth + 1] = ""
                if (line ~ "^public[[:space:]]+(indirect[[:space:]]+)?enum[[:space:]]") {
                    kind[depth + 1] = "enum"
                }
                if (line ~ "^public[[:space:]]+protocol[[:space:]]") kind[depth + 1] = "protocol"
            }
            depth += opened - closed
            previous = $0
        }
        END { print "total " total + 0 }'
}

missing_anywhere=0
[[ "$mode" == list ]] || printf '%-24s %8s %8s\n' module public missing
for module in "${modules[@]}"; do
    directory="Sources/$module"
    [[ -d "$directory" ]] || { echo "no module $module under Sources/" >&2; exit 2; }
    output="$(scan "$directory")"
    total="$(tail -n 1 <<<"$output" | cut -d' ' -f2)"
    missing="$(($(wc -l <<<"$output") - 1))"
    if [[ "$mode" == list ]]; then
        head -n -1 <<<"$output"
    else
        printf '%-24s %8d %8d\n' "$module" "$total" "$missing"
    fi
    ((missing == 0)) || missing_anywhere=1
done
if [[ "$mode" == require && $missing_anywhere -ne 0 ]]; then
    echo "undocumented public declarations remain (list them with --list)" >&2
    exit 1
fi
