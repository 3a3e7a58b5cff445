
use builtin;
use str;

set edit:completion:arg-completer[pfind] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pfind'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pfind'= {
            cand --and 'Also require this pattern (same mode as QUERY); repeatable'
            cand --or 'Also accept paths matching this pattern instead; repeatable'
            cand --not 'Exclude paths matching this pattern; repeatable'
            cand -d 'Do not descend below depth N (1 = the roots'' children)'
            cand --max-depth 'Do not descend below depth N (1 = the roots'' children)'
            cand --min-depth 'Only print entries at least N deep'
            cand --exact-depth 'Only print entries exactly this deep (--min-depth N --max-depth N)'
            cand -t 'Only entries of this type; repeatable (any of them). `x` and `e` narrow the others: `-t e -t d` is empty directories'
            cand --type 'Only entries of this type; repeatable (any of them). `x` and `e` narrow the others: `-t e -t d` is empty directories'
            cand -e 'Only names ending in `.EXT`, case-insensitively (find''s -iname ''*.EXT''); repeatable (any of them)'
            cand --extension 'Only names ending in `.EXT`, case-insensitively (find''s -iname ''*.EXT''); repeatable (any of them)'
            cand -S 'Only regular files of this size: `+N` at least, `-N` at most, `N` exactly; units b, k, m, g, t (powers of 1000) or ki, mi, gi, ti (powers of 1024); repeatable (all)'
            cand --size 'Only regular files of this size: `+N` at least, `-N` at most, `N` exactly; units b, k, m, g, t (powers of 1000) or ki, mi, gi, ti (powers of 1024); repeatable (all)'
            cand --changed-within 'Only entries modified after this: a duration back from now (30s, 10min, 2h, 3d, 1w) or a local date (''2026-01-31'', ''2026-01-31 10:00:00'', @SECONDS)'
            cand --changed-before 'Only entries modified at or before this (same forms as --changed-within)'
            cand --newer 'Only entries modified more recently than FILE (find''s -newer)'
            cand -o 'Only entries owned by USER and/or GROUP (names or ids; `!` negates a part): `john`, `:staff`, `john:staff`, `!root`, `0:!0`'
            cand --owner 'Only entries owned by USER and/or GROUP (names or ids; `!` negates a part): `john`, `:staff`, `john:staff`, `!root`, `0:!0`'
            cand -E 'Skip entries whose name matches GLOB (a GLOB with `/` is matched against the path below the root); excluded directories are not entered. Repeatable'
            cand --exclude 'Skip entries whose name matches GLOB (a GLOB with `/` is matched against the path below the root); excluded directories are not entered. Repeatable'
            cand --contains 'Only regular files whose content contains TEXT (literal bytes, binary files included); repeatable (all of them)'
            cand --format 'Print each result through TEMPLATE, e.g. ''{/} in {//}'''
            cand --json-fields 'Add fields to --json: size, mtime, mode (comma-separated)'
            cand --color 'When to color paths: auto, always, never'
            cand -x 'Run CMD for each result: -x CMD [ARG]... '';'''
            cand --exec 'Run CMD for each result: -x CMD [ARG]... '';'''
            cand -X 'Run CMD once with many results: -X CMD [ARG]... '';'''
            cand --exec-batch 'Run CMD once with many results: -X CMD [ARG]... '';'''
            cand --max-results 'Stop after N results'
            cand --max-time 'Stop the search after DURATION: 500ms, 10s, 2m'
            cand -j 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)'
            cand --threads 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)'
            cand --generate 'Print a shell completion script or the man page to stdout'
            cand -b 'Match the file name only, not the whole path'
            cand --basename 'Match the file name only, not the whole path'
            cand -g 'QUERY is a glob, in which `*` also matches `/`'
            cand --glob 'QUERY is a glob, in which `*` also matches `/`'
            cand -r 'QUERY is a regular expression'
            cand --regex 'QUERY is a regular expression'
            cand -i 'Match case-insensitively'
            cand --ignore-case 'Match case-insensitively'
            cand --case-sensitive 'Match case-sensitively (the default; undoes an earlier -i)'
            cand -a 'Print (and match) absolute paths'
            cand --absolute-path 'Print (and match) absolute paths'
            cand --relative-path 'Print paths from the roots as typed (the default; undoes an earlier -a)'
            cand --prune 'Do not descend into directories that match the query (they are still printed)'
            cand --no-hidden 'Skip hidden entries (names starting with `.`) and do not enter hidden directories'
            cand --hidden 'List hidden entries (the default; undoes an earlier --no-hidden)'
            cand --gitignore 'Skip what git ignores: .gitignore (inside repositories), .ignore, .git/info/exclude and the global excludes file; never list .git'
            cand --no-ignore 'Ignore no ignore files (the default; undoes an earlier --gitignore)'
            cand -L 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)'
            cand --follow 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)'
            cand --no-follow 'Do not follow symbolic links below the roots (the default; undoes an earlier -L)'
            cand --one-file-system 'Do not descend into directories on other filesystems (find''s -xdev)'
            cand --xdev 'Do not descend into directories on other filesystems (find''s -xdev)'
            cand -0 'Separate results with NUL instead of newline (for `xargs -0`)'
            cand --print0 'Separate results with NUL instead of newline (for `xargs -0`)'
            cand --sort 'Print results sorted by path (byte order, as `LC_ALL=C sort`)'
            cand --json 'Print one JSON object per line per result'
            cand -c 'Print only the number of matches'
            cand --count 'Print only the number of matches'
            cand --stats 'Print statistics on stderr at the end'
            cand --progress 'Show a live status line on stderr'
            cand -1 'Stop after the first result (--max-results 1)'
            cand -q 'Print nothing; exit 0 at the first match, else 1'
            cand --quiet 'Print nothing; exit 0 at the first match, else 1'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
    ]
    $completions[$command]
}
