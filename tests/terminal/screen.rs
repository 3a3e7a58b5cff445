//! A small model of what a terminal shows, enough to see stale status lines: text with
//! automatic wrapping (and DECAWM, `ESC [ ? 7 l/h`, turning it off), `\r`, `\n`, cursor
//! down (`ESC [ B`), save and restore (`ESC 7`, `ESC 8`), erase to the end of the row
//! (`ESC [ K`) or of the screen (`ESC [ J`), and a resize that reflows wrapped lines the
//! way tmux, VTE and kitty do: a logical line keeps its text and the cursor its place
//! in it. Like tmux, erasing to the end of the screen from its top-left corner first
//! copies the screen into the scrollback (`history`). Colors (SGR) and OSC strings
//! (titles, hyperlinks) take no room and are skipped. Every character is one column
//! (tests use ASCII names here).

/// The terminal's contents, as logical lines (text between hard newlines).
pub struct Screen {
    width: usize,
    height: usize,
    lines: Vec<Vec<char>>,
    /// The cursor: a logical line and an offset in it (row * width + column).
    line: usize,
    offset: usize,
    /// After a character in the last column: the cursor waits there, and the next
    /// character goes to the next row.
    pending_wrap: bool,
    autowrap: bool,
    /// The whole logical line as it was at each erase that removed something.
    pub erased: Vec<String>,
    /// Characters dropped (written over the last column) while autowrap was off.
    pub clipped: usize,
    /// Lines the scrollback got from a whole-screen erase (tmux's `scroll-on-clear`).
    pub history: Vec<String>,
    saved: (usize, usize),
    parser: Parser,
    utf8: Vec<u8>,
}

#[derive(Default)]
enum Parser {
    #[default]
    Text,
    Escape,
    Csi(String),
    Osc,
    OscEscape,
}

impl Screen {
    /// An empty screen of `width` x `height`, the cursor in its top-left corner.
    pub fn new(width: usize, height: usize) -> Screen {
        Screen {
            width,
            height,
            lines: vec![Vec::new()],
            line: 0,
            offset: 0,
            pending_wrap: false,
            autowrap: true,
            erased: Vec::new(),
            clipped: 0,
            history: Vec::new(),
            saved: (0, 0),
            parser: Parser::Text,
            utf8: Vec::new(),
        }
    }

    /// The logical lines shown, trailing blanks removed; the last is the cursor's (blank
    /// rows below it are not lines).
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .lines
            .iter()
            .map(|line| line.iter().collect::<String>().trim_end().to_owned())
            .collect();
        while lines.len() > self.line + 1 && lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        lines
    }

    /// The logical line the cursor is on.
    pub fn cursor_line(&self) -> String {
        self.lines[self.line].iter().collect()
    }

    /// True when the cursor rests at the start of its line, outside any escape
    /// sequence and with wrapping on: between two writes of a status line.
    pub fn at_rest_at_line_start(&self) -> bool {
        self.offset == 0 && self.autowrap && matches!(self.parser, Parser::Text)
    }

    /// Rows a logical line takes.
    fn rows(&self, line: &[char]) -> usize {
        line.len().div_ceil(self.width).max(1)
    }

    /// The cursor's row counted from the first line written, and the screen's top row.
    fn cursor_and_top_rows(&self) -> (usize, usize) {
        let rows: usize = self.lines.iter().map(|line| self.rows(line)).sum();
        let above: usize = self.lines[..self.line]
            .iter()
            .map(|line| self.rows(line))
            .sum();
        (
            above + self.row_start() / self.width,
            rows.saturating_sub(self.height),
        )
    }

    /// True when the cursor is in the top-left corner of the screen.
    fn at_home(&self) -> bool {
        let (row, top) = self.cursor_and_top_rows();
        row == top && self.offset == self.row_start()
    }

    /// True when the cursor is on the screen's bottom row.
    fn at_bottom(&self) -> bool {
        let (row, top) = self.cursor_and_top_rows();
        row + 1 >= top + self.height
    }

    /// The window is now `width` columns: wrapped lines reflow, the cursor keeps its
    /// place in its logical line.
    pub fn resize(&mut self, width: usize) {
        self.width = width;
        self.pending_wrap = false;
    }

    /// Interprets bytes the terminal received.
    pub fn feed(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            match std::mem::take(&mut self.parser) {
                Parser::Text => self.text_byte(byte),
                Parser::Escape => {
                    self.parser = match byte {
                        b'[' => Parser::Csi(String::new()),
                        b']' => Parser::Osc,
                        b'7' => {
                            self.saved = (self.line, self.offset);
                            Parser::Text
                        }
                        b'8' => {
                            (self.line, self.offset) = self.saved;
                            self.pending_wrap = false;
                            Parser::Text
                        }
                        _ => Parser::Text,
                    }
                }
                Parser::Csi(mut params) => {
                    if (0x40..=0x7e).contains(&byte) {
                        self.control(&params, byte);
                    } else {
                        params.push(byte as char);
                        self.parser = Parser::Csi(params);
                    }
                }
                Parser::Osc => {
                    self.parser = match byte {
                        0x07 => Parser::Text,
                        0x1b => Parser::OscEscape,
                        _ => Parser::Osc,
                    }
                }
                Parser::OscEscape => {
                    self.parser = if byte == b'\\' {
                        Parser::Text
                    } else {
                        Parser::Osc
                    }
                }
            }
        }
    }

    fn text_byte(&mut self, byte: u8) {
        match byte {
            0x1b => self.parser = Parser::Escape,
            b'\r' => self.carriage_return(),
            b'\n' => self.line_feed(),
            0x00..=0x1f | 0x7f => {}
            _ => {
                self.utf8.push(byte);
                match std::str::from_utf8(&self.utf8) {
                    Ok(text) => {
                        let c = text.chars().next().unwrap_or(' ');
                        self.utf8.clear();
                        self.put(c);
                    }
                    Err(err) if err.error_len().is_some() => {
                        self.utf8.clear();
                        self.put('\u{fffd}');
                    }
                    Err(_) => {}
                }
            }
        }
    }

    fn row_start(&self) -> usize {
        if self.pending_wrap {
            self.offset - self.width
        } else {
            self.offset - self.offset % self.width
        }
    }

    fn put(&mut self, c: char) {
        if !self.autowrap && self.offset - self.row_start() >= self.width - 1 {
            // Over the last column: the character replaces what is there.
            if self.offset - self.row_start() == self.width - 1 && !self.pending_wrap {
                self.write_at(self.offset, c);
                self.pending_wrap = true;
                self.offset += 1;
            } else {
                self.clipped += 1;
                let last = self.offset - 1;
                self.write_at(last, c);
            }
            return;
        }
        self.pending_wrap = false;
        self.write_at(self.offset, c);
        self.offset += 1;
        if self.offset.is_multiple_of(self.width) {
            self.pending_wrap = true;
        }
    }

    fn write_at(&mut self, offset: usize, c: char) {
        let line = &mut self.lines[self.line];
        if line.len() <= offset {
            line.resize(offset + 1, ' ');
        }
        line[offset] = c;
    }

    fn carriage_return(&mut self) {
        self.offset = self.row_start();
        self.pending_wrap = false;
    }

    fn line_feed(&mut self) {
        let column = self.offset - self.row_start();
        let next_row = self.row_start() + self.width;
        self.pending_wrap = false;
        if next_row < self.lines[self.line].len() {
            // The next row belongs to the same (wrapped) logical line.
            self.offset = next_row + column;
            return;
        }
        self.line += 1;
        if self.line == self.lines.len() {
            self.lines.push(Vec::new());
        }
        self.offset = column;
    }

    fn control(&mut self, params: &str, command: u8) {
        match (params, command) {
            ("" | "0", b'K') => {
                let end = self.row_start() + self.width;
                let from = self.offset.min(end);
                self.erase(from, Some(end));
            }
            ("" | "0", b'J') => {
                if self.at_home() {
                    let shown: Vec<String> =
                        self.lines().into_iter().filter(|l| !l.is_empty()).collect();
                    self.history.extend(shown);
                }
                self.erase(self.offset, None);
                self.lines.truncate(self.line + 1);
            }
            ("" | "1", b'B') => {
                // Down one row, the column kept; never below the screen's bottom row.
                let column = self.offset - self.row_start();
                let next_row = self.row_start() + self.width;
                self.pending_wrap = false;
                if next_row < self.lines[self.line].len() {
                    self.offset = next_row + column;
                } else if self.line + 1 < self.lines.len() || !self.at_bottom() {
                    self.line += 1;
                    if self.line == self.lines.len() {
                        self.lines.push(Vec::new());
                    }
                    self.offset = column;
                }
            }
            ("?7", b'l') => self.autowrap = false,
            ("?7", b'h') => self.autowrap = true,
            (_, b'm') => {}
            _ => panic!(
                "the screen model does not know ESC [ {params} {}",
                command as char
            ),
        }
    }

    /// Erases the logical line from `from` to `to` (its end when `None`).
    fn erase(&mut self, from: usize, to: Option<usize>) {
        let line = &mut self.lines[self.line];
        if line.iter().skip(from).any(|c| *c != ' ') {
            self.erased.push(line.iter().collect());
        }
        match to {
            Some(to) if to < line.len() => line[from..to].fill(' '),
            _ => line.truncate(from),
        }
    }
}

/// The model itself: wrapping, erasing and reflowing as tmux shows them.
#[test]
fn screen_model_wraps_erases_and_reflows() {
    let mut screen = Screen::new(10, 5);
    screen.feed(b"0123456789abcde\r\n");
    assert_eq!(screen.lines(), ["0123456789abcde", ""]);
    // A status drawn without wrapping, the cursor back at its start: one erase clears it
    // even after the window shrinks and the line reflows over two rows.
    screen.feed(b"\x1b[?7lstatus line longer than ten\x1b[?7h\r");
    assert_eq!(screen.clipped, 17);
    assert_eq!(screen.cursor_line(), "status lin");
    screen.resize(4);
    screen.feed(b"\r\x1b[J");
    assert_eq!(screen.lines(), ["0123456789abcde", ""]);
    // A line that wraps, erased from its last row only, leaves its first rows behind.
    screen.feed(b"\x1b[1;31mwrapped-status\x1b[0m\r\x1b[K");
    assert_eq!(screen.lines(), ["0123456789abcde", "wrapped-stat"]);
    assert_eq!(
        screen.erased.last().map(String::as_str),
        Some("wrapped-status")
    );
}
