#!/usr/bin/env bash
# Counts the public declarations that have no `///` (or `/** */`) comment, per module.
#
#   bash Scripts/check-doc-comments.sh                  table for every module under Sources/
#   bash Scripts/check-doc-comments.sh --list Module…   each undocumented file:line instead
#   bash Scripts/check-doc-comments.sh --require Module…  exit 1 if those modules have any
# A module may be a folder inside one (NeuralNetwork/Layers).
#
# A declaration counts when its line carries an explicit `public` or `open` modifier (after any
# attributes); extensions and imports do not. It is documented when the line above it, skipping
# attribute lines, ends a doc comment. Members a public protocol or enum declares without the
# modifier (requirements, cases) are not counted: this is a text check, not a compiler pass.
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
        FNR == 1 { previous = "" }
        /^[[:space:]]*@[A-Za-z_]+(\([^)]*\))?[[:space:]]*$/ { next }
        {
            line = $0
            sub(/^[[:space:]]*(@[A-Za-z_]+(\([^)]*\))?[[:space:]]+)*/, "", line)
            if (line ~ /^(public|open)[[:space:]]/ && line !~ /^(public|open)[[:space:]]+(extension|import)[[:space:]]/) {
                total++
                if (previous !~ /^[[:space:]]*\/\/\// && previous !~ /\*\/[[:space:]]*$/) print FILENAME ":" FNR
            }
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
