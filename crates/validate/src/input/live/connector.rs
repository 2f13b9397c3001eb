//! How connections are made: as ureq's default chain makes them (a CONNECT
//! proxy when one is set, TCP, then TLS for https), with a mark between TCP
//! and TLS. ureq reports a stalled TLS handshake as a connection timeout,
//! like a stalled TCP connect; the mark tells the two apart, so that the
//! user hears which one to look into.
//!
//! The connector types are in ureq's `unversioned` module, which may change
//! in a minor release; the workspace keeps ureq on one minor version.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use ureq::unversioned::transport::{
    ConnectProxyConnector, ConnectionDetails, Connector, RustlsConnector, TcpConnector, Transport,
};

/// Whether the current request got as far as an open TCP connection.
/// Requests are made one at a time, so one flag serves them all.
#[derive(Debug, Clone, Default)]
pub struct Progress(Arc<AtomicBool>);

impl Progress {
    /// Forgets the last request's progress.
    pub fn reset(&self) {
        self.0.store(false, Ordering::SeqCst);
    }

    /// Whether the TCP connection (through the proxy, if any) was open.
    pub fn connected(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Passes the connection on, noting that there is one.
#[derive(Debug)]
struct Mark(Progress);

impl<In: Transport> Connector<In> for Mark {
    type Out = In;

    fn connect(
        &self,
        _: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<In>, ureq::Error> {
        if chained.is_some() {
            self.0.0.store(true, Ordering::SeqCst);
        }
        Ok(chained)
    }
}

/// The connector chain, marking `progress`.
pub fn chain(progress: Progress) -> impl Connector {
    ().chain(ConnectProxyConnector::default())
        .chain(TcpConnector::default())
        .chain(Mark(progress))
        .chain(RustlsConnector::default())
}
