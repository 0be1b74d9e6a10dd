//! `multipart/form-data` bodies.

use super::params::ToParam;
use serde::Serialize;

/// A `multipart/form-data` body under construction: one part per property of the request
/// body, in order.
#[derive(Debug, Default)]
pub struct Multipart {
    /// Name, file name (for file parts) and content of each part.
    parts: Vec<(String, Option<String>, Vec<u8>)>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one text part per value: none for an absent value, one per array item.
    pub fn text<P: ToParam + ?Sized>(&mut self, name: &str, value: &P) {
        for text in value.to_param_values() {
            self.parts.push((name.to_owned(), None, text.into_bytes()));
        }
    }

    /// Adds a file part (`application/octet-stream`), with the part name as its file name.
    pub fn file(&mut self, name: &str, bytes: &[u8]) {
        self.parts
            .push((name.to_owned(), Some(name.to_owned()), bytes.to_vec()));
    }

    /// Adds a part holding `value` as JSON text (objects and other structured values).
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let text = serde_json::to_string(value)?;
        self.parts.push((name.to_owned(), None, text.into_bytes()));
        Ok(())
    }

    /// Adds every property of `value`, which must serialise to a JSON object: strings as
    /// text, arrays as one part per item, `null` left out, anything else as JSON text.
    pub fn fields<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        let serde_json::Value::Object(map) = serde_json::to_value(value)? else {
            return Err(<serde_json::Error as serde::ser::Error>::custom(
                "a multipart body must serialise to an object",
            ));
        };
        for (key, value) in &map {
            self.text(key, value);
        }
        Ok(())
    }

    /// The content type (with its boundary) and the encoded body.
    pub fn finish(self) -> (String, Vec<u8>) {
        let boundary = loop {
            let candidate = format!(
                "----form-{:016x}{:016x}",
                fastrand::u64(..),
                fastrand::u64(..)
            );
            let clash = self.parts.iter().any(|(_, _, data)| {
                data.windows(candidate.len())
                    .any(|w| w == candidate.as_bytes())
            });
            if !clash {
                break candidate;
            }
        };
        // Names are escaped as browsers do (WHATWG): quotes and line breaks.
        let quoted = |text: &str| {
            text.replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let mut body = Vec::new();
        for (name, file_name, data) in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition =
                format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
            match file_name {
                Some(file) => {
                    disposition.push_str(&format!("; filename=\"{}\"\r\n", quoted(file)));
                    disposition.push_str("Content-Type: application/octet-stream\r\n\r\n");
                }
                None => disposition.push_str("\r\n\r\n"),
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}
