//! Where the token comes from. Never from a command-line value, which `ps`
//! and shell history would show: from an environment variable, a file, or
//! the API's token endpoint with an email and password from the
//! environment. The token lives in a [`Secret`], whose `Debug` hides it.

use std::fmt;
use std::path::Path;

use url::Url;

use super::client::Client;
use super::{Note, Secret};
use crate::error::Error;
use crate::redact;

/// The path of the API's token endpoint, on the origin of the URL checked.
pub const TOKEN_PATH: &str = "/api/v2/mechanics/tokens";

/// How the request is authorised.
#[derive(Debug)]
pub enum TokenSource {
    /// A token read before the run.
    Token(Secret),
    /// No token: the variable named was not set, or empty.
    Missing {
        /// The environment variable.
        variable: String,
        /// `is not set` or `is empty`.
        why: &'static str,
    },
    /// A fresh token from the token endpoint, for each URL's origin.
    Login {
        /// The email address.
        email: Secret,
        /// The password.
        password: Secret,
        /// The variables they came from, to name in messages.
        variables: (String, String),
    },
}

impl TokenSource {
    /// A token from the environment variable `name`.
    pub fn from_env(name: &str) -> Result<Self, Error> {
        let missing = |why| {
            Ok(Self::Missing {
                variable: name.to_owned(),
                why,
            })
        };
        match read_env(name)? {
            Variable::Set(token) => {
                Self::checked(token, || format!("the environment variable `{name}`"))
            }
            Variable::Empty => missing("is empty"),
            Variable::Unset => missing("is not set"),
        }
    }

    /// A token from the file at `path`; a trailing line break is not part
    /// of it.
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::TokenFile {
            path: path.to_path_buf(),
            source,
        })?;
        let token = text.trim_end_matches(['\r', '\n']).to_owned();
        Self::checked(token, || format!("the file `{}`", path.display()))
    }

    /// A login with the email and password in the variables named.
    pub fn login(email_variable: &str, password_variable: &str) -> Result<Self, Error> {
        let required = |name: &str| match read_env(name)? {
            Variable::Set(value) => Ok(value),
            Variable::Empty => Err(Error::EmptyVariable {
                name: name.to_owned(),
                purpose: "--login",
            }),
            Variable::Unset => Err(Error::MissingVariable {
                name: name.to_owned(),
                purpose: "--login",
            }),
        };
        Ok(Self::Login {
            email: Secret::new(required(email_variable)?),
            password: Secret::new(required(password_variable)?),
            variables: (email_variable.to_owned(), password_variable.to_owned()),
        })
    }

    fn checked(token: String, from: impl Fn() -> String) -> Result<Self, Error> {
        if token.trim().is_empty() {
            return Err(Error::BadToken {
                from: from(),
                why: "it is empty",
            });
        }
        // A header value cannot hold control characters; saying so here is
        // clearer than the client's refusal later. A line break is the
        // likely one: a file with more than the token in it.
        if token.contains(['\n', '\r']) {
            return Err(Error::BadToken {
                from: from(),
                why: "it holds more than one line (the token goes alone on one line)",
            });
        }
        if token.chars().any(char::is_control) {
            return Err(Error::BadToken {
                from: from(),
                why: "it holds control characters (a header value cannot)",
            });
        }
        Ok(Self::Token(Secret::new(token)))
    }
}

/// An environment variable as we find it.
enum Variable {
    Set(String),
    /// Set to nothing, as CI systems do with a secret they do not have.
    Empty,
    Unset,
}

fn read_env(name: &str) -> Result<Variable, Error> {
    match std::env::var(name) {
        Ok(value) if value.is_empty() => Ok(Variable::Empty),
        Ok(value) => Ok(Variable::Set(value)),
        Err(std::env::VarError::NotPresent) => Ok(Variable::Unset),
        Err(std::env::VarError::NotUnicode(_)) => Err(Error::BadToken {
            from: format!("the environment variable `{name}`"),
            why: "it is not valid Unicode",
        }),
    }
}

/// Why the token endpoint gave no token, in words safe to show.
#[derive(Debug)]
pub struct LoginFailed(String);

impl fmt::Display for LoginFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Gets a token from the token endpoint on `named`'s origin.
pub fn login(
    client: &Client,
    named: &Url,
    email: &Secret,
    password: &Secret,
    variables: &(String, String),
    notes: &mut dyn FnMut(Note),
) -> Result<Secret, LoginFailed> {
    let url = named
        .join(TOKEN_PATH)
        .map_err(|error| LoginFailed(error.to_string()))?;
    let body = serde_json::json!({"email": email.0, "password": password.0}).to_string();
    let fetched = client
        .post_json(&url, body.as_bytes(), notes)
        .map_err(|problem| LoginFailed(format!("the token endpoint {problem}")))?;

    let masked = |body: &[u8]| {
        let once = redact::snippet(body, Some(&password.0));
        redact::without(&once, &email.0)
    };
    let answer: Option<serde_json::Value> = serde_json::from_slice(&fetched.body).ok();
    let status = answer.as_ref().and_then(|a| a.get("status")?.as_str());
    let token = answer.as_ref().and_then(|a| a.get("token")?.as_str());
    match (fetched.status, status, token) {
        (200..=299, Some("ok"), Some(token)) if !token.trim().is_empty() => {
            Ok(Secret::new(token.to_owned()))
        }
        (_, Some("failed"), _) => Err(LoginFailed(format!(
            "the token endpoint refused the login (status \"failed\"; check the email and \
             password in `{}` and `{}`): `{}`",
            variables.0,
            variables.1,
            masked(&fetched.body)
        ))),
        (code, _, _) => Err(LoginFailed(format!(
            "the token endpoint answered HTTP {code} without a token (expected \
             {{\"status\": \"ok\", \"token\": ...}}): `{}`",
            masked(&fetched.body)
        ))),
    }
}
