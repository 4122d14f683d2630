//! XLSForm expressions in the subset a template can hold (`docs/xlsform.md`): `${x} = 'v'`,
//! `selected(${x}, 'v')`, comparisons with whole numbers, `and`, `or` and parentheses, parsed into
//! [`Expr`]; anything else (functions, arithmetic, paths) is refused with the reason. What an
//! expression means for a template is `condition.rs`.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    /// The same comparison with its sides swapped (`3 < ${x}` is `${x} > 3`).
    pub(crate) fn flipped(self) -> Op {
        match self {
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
            other => other,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Cmp(Box<Expr>, Op, Box<Expr>),
    /// `selected(${name}, 'value')`.
    Selected(String, String),
    /// `${name}`.
    Ref(String),
    /// `.`: the question's own answer (constraints).
    Dot,
    Str(String),
    Int(i64),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ref(String),
    Dot,
    Str(String),
    Num(String),
    Word(String),
    Open,
    Close,
    Comma,
    Op(Op),
    Other(String),
}

fn tokens(s: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let take_while = |i: &mut usize, f: &dyn Fn(char) -> bool| {
        let start = *i;
        while *i < chars.len() && f(chars[*i]) {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>()
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            _ if c.is_whitespace() => i += 1,
            '$' if next == Some('{') => {
                let end = chars[i..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or("a `${` is not closed")?;
                out.push(Tok::Ref(chars[i + 2..i + end].iter().collect()));
                i += end + 1;
            }
            '\'' | '"' => {
                let end = chars[i + 1..]
                    .iter()
                    .position(|&q| q == c)
                    .ok_or("a quoted text is not closed")?;
                out.push(Tok::Str(chars[i + 1..i + 1 + end].iter().collect()));
                i += end + 2;
            }
            '.' if next.is_some_and(|n| n.is_ascii_digit()) => {
                out.push(Tok::Num(take_while(&mut i, &|c| {
                    c.is_ascii_digit() || c == '.'
                })));
            }
            '.' if next == Some('.') => {
                out.push(Tok::Other("..".into()));
                i += 2;
            }
            '.' => {
                out.push(Tok::Dot);
                i += 1;
            }
            '(' | ')' | ',' => {
                out.push(match c {
                    '(' => Tok::Open,
                    ')' => Tok::Close,
                    _ => Tok::Comma,
                });
                i += 1;
            }
            '=' => {
                out.push(Tok::Op(Op::Eq));
                i += 1;
            }
            '!' | '<' | '>' if next == Some('=') => {
                out.push(Tok::Op(match c {
                    '!' => Op::Ne,
                    '<' => Op::Le,
                    _ => Op::Ge,
                }));
                i += 2;
            }
            '<' | '>' => {
                out.push(Tok::Op(if c == '<' { Op::Lt } else { Op::Gt }));
                i += 1;
            }
            '-' if next.is_some_and(|n| n.is_ascii_digit())
                && matches!(out.last(), None | Some(Tok::Op(_) | Tok::Open | Tok::Comma)) =>
            {
                i += 1;
                let n = take_while(&mut i, &|c| c.is_ascii_digit() || c == '.');
                out.push(Tok::Num(format!("-{n}")));
            }
            _ if c.is_ascii_digit() => {
                out.push(Tok::Num(take_while(&mut i, &|c| {
                    c.is_ascii_digit() || c == '.'
                })));
            }
            _ if c.is_alphabetic() || c == '_' => {
                let w = take_while(&mut i, &|c| {
                    c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.')
                });
                out.push(Tok::Word(w));
            }
            _ => {
                out.push(Tok::Other(c.to_string()));
                i += 1;
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    at: usize,
}

/// Parses an expression of the subset; the error says what is outside it.
pub(crate) fn parse(text: &str) -> Result<Expr, String> {
    let mut p = Parser {
        toks: tokens(text)?,
        at: 0,
    };
    let e = p.or()?;
    match p.toks.get(p.at) {
        None => Ok(e),
        Some(t) => Err(unexpected(t)),
    }
}

fn unexpected(t: &Tok) -> String {
    match t {
        Tok::Word(w) => format!("`{w}` is not part of the subset"),
        Tok::Other(o) if "+-*|/".contains(o.as_str()) => {
            format!("`{o}` (arithmetic, paths or unions) is not part of the subset")
        }
        Tok::Other(o) => format!("`{o}` is not part of the subset"),
        Tok::Op(_) => "a comparison of a comparison is not part of the subset".into(),
        _ => "the expression is not complete".into(),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }
    fn word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x == w)
    }
    fn expect(&mut self, t: Tok) -> Result<(), String> {
        match self.peek() {
            Some(x) if *x == t => {
                self.at += 1;
                Ok(())
            }
            Some(x) => Err(unexpected(x)),
            None => Err("the expression is not complete".into()),
        }
    }
    fn or(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.and()?];
        while self.word("or") {
            self.at += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::Or(items)
        })
    }
    fn and(&mut self) -> Result<Expr, String> {
        let mut items = vec![self.cmp()?];
        while self.word("and") {
            self.at += 1;
            items.push(self.cmp()?);
        }
        Ok(if items.len() == 1 {
            items.remove(0)
        } else {
            Expr::And(items)
        })
    }
    fn cmp(&mut self) -> Result<Expr, String> {
        let left = self.primary()?;
        if let Some(Tok::Op(op)) = self.peek().cloned() {
            self.at += 1;
            let right = self.primary()?;
            return Ok(Expr::Cmp(Box::new(left), op, Box::new(right)));
        }
        Ok(left)
    }
    fn primary(&mut self) -> Result<Expr, String> {
        let t = self
            .peek()
            .cloned()
            .ok_or("the expression is not complete")?;
        self.at += 1;
        match t {
            Tok::Open => {
                let e = self.or()?;
                self.expect(Tok::Close)?;
                Ok(e)
            }
            Tok::Ref(name) => Ok(Expr::Ref(name)),
            Tok::Dot => Ok(Expr::Dot),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Num(n) => n
                .parse()
                .map(Expr::Int)
                .map_err(|_| format!("`{n}` is not a whole number (only integers compare)")),
            Tok::Word(w) if w == "selected" && self.peek() == Some(&Tok::Open) => {
                self.at += 1;
                let Some(Tok::Ref(name)) = self.peek().cloned() else {
                    return Err("selected() takes a question `${x}` first".into());
                };
                self.at += 1;
                self.expect(Tok::Comma)?;
                let Some(Tok::Str(value)) = self.peek().cloned() else {
                    return Err("selected() takes a quoted value second".into());
                };
                self.at += 1;
                self.expect(Tok::Close)?;
                Ok(Expr::Selected(name, value))
            }
            Tok::Word(w) if self.peek() == Some(&Tok::Open) => {
                Err(format!("the function `{w}()` is not part of the subset"))
            }
            other => Err(unexpected(&other)),
        }
    }
}
