//! A trace as a mermaid sequence diagram: one lifeline per end of the call,
//! one arrow per packet, a note per socket call. The book's pictures of the
//! handshake, the close and the reset are made this way, from real captures.

/// A diagram being written.
#[derive(Debug, Default)]
pub struct Diagram {
    /// The ends, in order of appearance: (their label, their id).
    participants: Vec<(String, String)>,
    lines: Vec<String>,
}

impl Diagram {
    /// The id of the lifeline labelled `label` (`client`, `127.0.0.1:9000`),
    /// added at the right of the others the first time.
    fn id(&mut self, label: &str) -> String {
        if let Some((_, id)) = self.participants.iter().find(|(l, _)| l == label) {
            return id.clone();
        }
        let id = format!("p{}", self.participants.len() + 1);
        self.participants.push((label.to_string(), id.clone()));
        id
    }

    /// Declares a lifeline now, so that it stands where the reader expects
    /// (the server to the right of the client) whatever comes first.
    pub fn participant(&mut self, label: &str) {
        self.id(label);
    }

    /// An arrow from `from` to `to`: a packet.
    pub fn arrow(&mut self, from: &str, to: &str, text: &str) {
        let (from, to) = (self.id(from), self.id(to));
        self.lines
            .push(format!("    {from}->>{to}: {}", clean(text)));
    }

    /// A note over one lifeline: a socket call.
    pub fn note(&mut self, over: &str, text: &str) {
        let over = self.id(over);
        self.lines
            .push(format!("    Note over {over}: {}", clean(text)));
    }

    /// A note across the whole diagram.
    pub fn note_across(&mut self, text: &str) {
        let first = self.participants.first().map(|(_, id)| id.clone());
        let last = self.participants.last().map(|(_, id)| id.clone());
        if let (Some(first), Some(last)) = (first, last) {
            let over = if first == last {
                first
            } else {
                format!("{first},{last}")
            };
            self.lines
                .push(format!("    Note over {over}: {}", clean(text)));
        }
    }

    /// The diagram's text, for a ```mermaid block.
    pub fn render(&self) -> String {
        let mut text = String::from("sequenceDiagram\n");
        for (label, id) in &self.participants {
            text += &format!("    participant {id} as {}\n", clean(label));
        }
        for line in &self.lines {
            text += line;
            text.push('\n');
        }
        text
    }
}

/// `text` without what mermaid would read as syntax: `;` ends a statement,
/// `#` starts an entity, `<` and `>` are HTML to it.
fn clean(text: &str) -> String {
    text.replace(';', ",")
        .replace('#', "no. ")
        .replace('<', "(")
        .replace('>', "→")
}
