
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pfind' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pfind'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'pfind' {
            [CompletionResult]::new('--and', '--and', [CompletionResultType]::ParameterName, 'Also require this pattern (same mode as QUERY); repeatable')
            [CompletionResult]::new('--or', '--or', [CompletionResultType]::ParameterName, 'Also accept paths matching this pattern instead; repeatable')
            [CompletionResult]::new('--not', '--not', [CompletionResultType]::ParameterName, 'Exclude paths matching this pattern; repeatable')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Do not descend below depth N (1 = the roots'' children)')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'Do not descend below depth N (1 = the roots'' children)')
            [CompletionResult]::new('--min-depth', '--min-depth', [CompletionResultType]::ParameterName, 'Only print entries at least N deep')
            [CompletionResult]::new('--exact-depth', '--exact-depth', [CompletionResultType]::ParameterName, 'Only print entries exactly this deep (--min-depth N --max-depth N)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Only entries of this type; repeatable (any of them). `x` and `e` narrow the others: `-t e -t d` is empty directories')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only entries of this type; repeatable (any of them). `x` and `e` narrow the others: `-t e -t d` is empty directories')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Only names ending in `.EXT`, case-insensitively (find''s -iname ''*.EXT''); repeatable (any of them)')
            [CompletionResult]::new('--extension', '--extension', [CompletionResultType]::ParameterName, 'Only names ending in `.EXT`, case-insensitively (find''s -iname ''*.EXT''); repeatable (any of them)')
            [CompletionResult]::new('-S', '-S ', [CompletionResultType]::ParameterName, 'Only regular files of this size: `+N` at least, `-N` at most, `N` exactly; units b, k, m, g, t (powers of 1000) or ki, mi, gi, ti (powers of 1024); repeatable (all)')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Only regular files of this size: `+N` at least, `-N` at most, `N` exactly; units b, k, m, g, t (powers of 1000) or ki, mi, gi, ti (powers of 1024); repeatable (all)')
            [CompletionResult]::new('--changed-within', '--changed-within', [CompletionResultType]::ParameterName, 'Only entries modified after this: a duration back from now (30s, 10min, 2h, 3d, 1w) or a local date (''2026-01-31'', ''2026-01-31 10:00:00'', @SECONDS)')
            [CompletionResult]::new('--changed-before', '--changed-before', [CompletionResultType]::ParameterName, 'Only entries modified at or before this (same forms as --changed-within)')
            [CompletionResult]::new('--newer', '--newer', [CompletionResultType]::ParameterName, 'Only entries modified more recently than FILE (find''s -newer)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Only entries owned by USER and/or GROUP (names or ids; `!` negates a part): `john`, `:staff`, `john:staff`, `!root`, `0:!0`')
            [CompletionResult]::new('--owner', '--owner', [CompletionResultType]::ParameterName, 'Only entries owned by USER and/or GROUP (names or ids; `!` negates a part): `john`, `:staff`, `john:staff`, `!root`, `0:!0`')
            [CompletionResult]::new('-E', '-E ', [CompletionResultType]::ParameterName, 'Skip entries whose name matches GLOB (a GLOB with `/` is matched against the path below the root); excluded directories are not entered. Repeatable')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip entries whose name matches GLOB (a GLOB with `/` is matched against the path below the root); excluded directories are not entered. Repeatable')
            [CompletionResult]::new('--contains', '--contains', [CompletionResultType]::ParameterName, 'Only regular files whose content contains TEXT (literal bytes, binary files included); repeatable (all of them)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Print each result through TEMPLATE, e.g. ''{/} in {//}''')
            [CompletionResult]::new('--json-fields', '--json-fields', [CompletionResultType]::ParameterName, 'Add fields to --json: size, mtime, mode (comma-separated)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to color paths: auto, always, never')
            [CompletionResult]::new('-x', '-x', [CompletionResultType]::ParameterName, 'Run CMD for each result: -x CMD [ARG]... '';''')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run CMD for each result: -x CMD [ARG]... '';''')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Run CMD once with many results: -X CMD [ARG]... '';''')
            [CompletionResult]::new('--exec-batch', '--exec-batch', [CompletionResultType]::ParameterName, 'Run CMD once with many results: -X CMD [ARG]... '';''')
            [CompletionResult]::new('--max-results', '--max-results', [CompletionResultType]::ParameterName, 'Stop after N results')
            [CompletionResult]::new('--max-time', '--max-time', [CompletionResultType]::ParameterName, 'Stop the search after DURATION: 500ms, 10s, 2m')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Run exactly N worker threads (default: elastic, adapted to the storage while the walk runs)')
            [CompletionResult]::new('--generate', '--generate', [CompletionResultType]::ParameterName, 'Print a shell completion script or the man page to stdout')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Match the file name only, not the whole path')
            [CompletionResult]::new('--basename', '--basename', [CompletionResultType]::ParameterName, 'Match the file name only, not the whole path')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'QUERY is a glob, in which `*` also matches `/`')
            [CompletionResult]::new('--glob', '--glob', [CompletionResultType]::ParameterName, 'QUERY is a glob, in which `*` also matches `/`')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'QUERY is a regular expression')
            [CompletionResult]::new('--regex', '--regex', [CompletionResultType]::ParameterName, 'QUERY is a regular expression')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'Match case-insensitively')
            [CompletionResult]::new('--ignore-case', '--ignore-case', [CompletionResultType]::ParameterName, 'Match case-insensitively')
            [CompletionResult]::new('--case-sensitive', '--case-sensitive', [CompletionResultType]::ParameterName, 'Match case-sensitively (the default; undoes an earlier -i)')
            [CompletionResult]::new('-a', '-a', [CompletionResultType]::ParameterName, 'Print (and match) absolute paths')
            [CompletionResult]::new('--absolute-path', '--absolute-path', [CompletionResultType]::ParameterName, 'Print (and match) absolute paths')
            [CompletionResult]::new('--relative-path', '--relative-path', [CompletionResultType]::ParameterName, 'Print paths from the roots as typed (the default; undoes an earlier -a)')
            [CompletionResult]::new('--prune', '--prune', [CompletionResultType]::ParameterName, 'Do not descend into directories that match the query (they are still printed)')
            [CompletionResult]::new('--no-hidden', '--no-hidden', [CompletionResultType]::ParameterName, 'Skip hidden entries (names starting with `.`) and do not enter hidden directories')
            [CompletionResult]::new('--hidden', '--hidden', [CompletionResultType]::ParameterName, 'List hidden entries (the default; undoes an earlier --no-hidden)')
            [CompletionResult]::new('--gitignore', '--gitignore', [CompletionResultType]::ParameterName, 'Skip what git ignores: .gitignore (inside repositories), .ignore, .git/info/exclude and the global excludes file; never list .git')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Ignore no ignore files (the default; undoes an earlier --gitignore)')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow symbolic links (loops are reported and not entered; broken links are listed as links)')
            [CompletionResult]::new('--no-follow', '--no-follow', [CompletionResultType]::ParameterName, 'Do not follow symbolic links below the roots (the default; undoes an earlier -L)')
            [CompletionResult]::new('--one-file-system', '--one-file-system', [CompletionResultType]::ParameterName, 'Do not descend into directories on other filesystems (find''s -xdev)')
            [CompletionResult]::new('--xdev', '--xdev', [CompletionResultType]::ParameterName, 'Do not descend into directories on other filesystems (find''s -xdev)')
            [CompletionResult]::new('-0', '-0', [CompletionResultType]::ParameterName, 'Separate results with NUL instead of newline (for `xargs -0`)')
            [CompletionResult]::new('--print0', '--print0', [CompletionResultType]::ParameterName, 'Separate results with NUL instead of newline (for `xargs -0`)')
            [CompletionResult]::new('--sort', '--sort', [CompletionResultType]::ParameterName, 'Print results sorted by path (byte order, as `LC_ALL=C sort`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON object per line per result')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Print only the number of matches')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Print only the number of matches')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Print statistics on stderr at the end')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Show a live status line on stderr')
            [CompletionResult]::new('-1', '-1', [CompletionResultType]::ParameterName, 'Stop after the first result (--max-results 1)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing; exit 0 at the first match, else 1')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing; exit 0 at the first match, else 1')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
