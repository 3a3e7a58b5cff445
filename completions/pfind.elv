
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
            cand -d 'Do not descend below depth N'
            cand --max-depth 'Do not descend below depth N'
            cand --min-depth 'Only print entries at least N deep'
            cand --exact-depth 'Only print entries exactly this deep (--min-depth N --max-depth N)'
            cand -t 'Only type f d l s p b c, x (exec), e (empty)'
            cand --type 'Only type f d l s p b c, x (exec), e (empty)'
            cand -e 'Only names ending in .EXT (any case)'
            cand --extension 'Only names ending in .EXT (any case)'
            cand -S 'Only files of this size: +1m, -10k, 0'
            cand --size 'Only files of this size: +1m, -10k, 0'
            cand --changed-within 'Modified within: 2h, 3d, 1w, or since a date'
            cand --changed-before 'Modified before: 2h, 3d ago, or a date'
            cand --newer 'Only entries modified more recently than FILE (find''s -newer)'
            cand -o 'Only entries owned by USER and/or GROUP (names or ids; ! negates a part): john, :staff, john:staff, !root, 0:!0'
            cand --owner 'Only entries owned by USER and/or GROUP (names or ids; ! negates a part): john, :staff, john:staff, !root, 0:!0'
            cand -E 'Skip names matching GLOB; do not enter them'
            cand --exclude 'Skip names matching GLOB; do not enter them'
            cand --ignore-file 'Also skip what the ignore file PATH (gitignore syntax) ignores, with or without --gitignore'
            cand --contains 'Only regular files whose content contains TEXT (literal bytes, binary files included); repeatable (all of them)'
            cand --format 'Print each result through TEMPLATE, e.g. ''{/} in {//}'''
            cand --json-fields 'Add fields to --json: size, mtime, mode (comma-separated)'
            cand --color 'When to color paths: auto (default), always, never'
            cand --hyperlink 'Make printed paths links to their files: auto, always, never'
            cand -x 'Run CMD for each result: -x CMD [ARG]... '';'''
            cand --exec 'Run CMD for each result: -x CMD [ARG]... '';'''
            cand -X 'Run CMD with many results: -X CMD [ARG]... '';'''
            cand --exec-batch 'Run CMD with many results: -X CMD [ARG]... '';'''
            cand --max-results 'Stop after N results'
            cand --max-time 'Stop the search after DURATION: 500ms, 10s, 1m30s'
            cand -j 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)'
            cand --threads 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)'
            cand -h 'Print help (-h: the options of every day; --help: all, with examples)'
            cand --help 'Print help (-h: the options of every day; --help: all, with examples)'
            cand -V 'Print version'
            cand --version 'Print version'
            cand -b 'Match the file name only, not the whole path'
            cand --basename 'Match the file name only, not the whole path'
            cand -g 'QUERY is a glob, in which ''*'' also matches ''/'''
            cand --glob 'QUERY is a glob, in which ''*'' also matches ''/'''
            cand -r 'QUERY is a regular expression'
            cand --regex 'QUERY is a regular expression'
            cand -i 'Match case-insensitively'
            cand --ignore-case 'Match case-insensitively'
            cand --case-sensitive 'Match case-sensitively (the default; undoes an earlier -i or --smart-case)'
            cand --smart-case 'Match case-insensitively unless the pattern has an uppercase letter'
            cand -a 'Print (and match) absolute paths'
            cand --absolute-path 'Print (and match) absolute paths'
            cand --relative-path 'Print paths from the roots as typed (the default; undoes an earlier -a)'
            cand --prune 'Do not descend into directories that match the query (they are still printed)'
            cand --no-hidden 'Skip hidden entries (names starting with .)'
            cand --hidden 'List hidden entries (the default; undoes an earlier --no-hidden)'
            cand --gitignore 'Skip what git ignores (.gitignore, .ignore)'
            cand --no-ignore 'Read no .gitignore or .ignore files (the default; undoes an earlier --gitignore). --ignore-file still applies, as in fd'
            cand -L 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)'
            cand --follow 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)'
            cand --no-follow 'Do not follow symbolic links below the roots (the default; undoes an earlier -L)'
            cand --one-file-system 'Do not descend into directories on other filesystems (find''s -xdev)'
            cand --xdev 'Do not descend into directories on other filesystems (find''s -xdev)'
            cand -0 'Separate results with NUL (for xargs -0)'
            cand --print0 'Separate results with NUL (for xargs -0)'
            cand --sort 'Sort by path (byte order, as LC_ALL=C sort)'
            cand -l 'ls -l lines: mode, links, owner, group, size, date'
            cand --list-details 'ls -l lines: mode, links, owner, group, size, date'
            cand --human 'With -l, sizes such as 1.5K and 12M (ls -lh)'
            cand --json 'Print one JSON object per result'
            cand -c 'Print only the number of matches'
            cand --count 'Print only the number of matches'
            cand -s 'Do not print errors about single paths (status stays 2)'
            cand --no-errors 'Do not print errors about single paths (status stays 2)'
            cand --stats 'Print statistics on stderr at the end'
            cand --progress 'Show a live status line on stderr'
            cand -1 'Stop after the first result (--max-results 1)'
            cand -q 'Print nothing; exit 0 at the first match, else 1'
            cand --quiet 'Print nothing; exit 0 at the first match, else 1'
            cand --no-config 'Read no config file, even when PFIND_CONFIG_PATH names one'
        }
    ]
    $completions[$command]
}
