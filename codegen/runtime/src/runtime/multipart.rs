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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_a_boundary_absent_from_the_content() {
        let mut form = Multipart::new();
        form.text("tags", &vec!["a", "b"]);
        form.text("none", &None::<String>);
        form.file("doc\"1\r\n", b"\x00bytes");
        form.json("meta", &serde_json::json!({"k": 1}))
            .expect("serialises");
        let (content_type, body) = form.finish();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .expect("the boundary is in the content type");
        let body = String::from_utf8_lossy(&body);
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"doc%221%0D%0A\"; filename=\"doc%221%0D%0A\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n\u{0}bytes\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{{\"k\":1}}\r\n\
             --{b}--\r\n",
            b = boundary
        );
        assert_eq!(body, expected);
    }

    #[test]
    fn fields_take_an_object_apart() {
        let mut form = Multipart::new();
        form.fields(&serde_json::json!({"a": "x", "b": [1, 2], "c": null, "d": {"e": true}}))
            .expect("an object");
        let names: Vec<(&str, String)> = form
            .parts
            .iter()
            .map(|(name, _, data)| (name.as_str(), String::from_utf8_lossy(data).into_owned()))
            .collect();
        assert_eq!(
            names,
            [
                ("a", "x".to_owned()),
                ("b", "1".to_owned()),
                ("b", "2".to_owned()),
                ("d", "{\"e\":true}".to_owned()),
            ]
        );
        assert!(Multipart::new().fields(&[1]).is_err());
    }
}
