//! The accept loop of `kurs serve`: what one TCP connection may hold, and
//! for how long.
//!
//! `axum::serve` has no header-read timeout, no write deadline and no cap on
//! connections, so a thousand silent sockets fill the file table and one
//! half-sent request head keeps the process alive after SIGTERM. [`run`]
//! serves an [`axum::Router`] over hyper's HTTP/1.1 connection directly and
//! bounds each of these (see [`Limits`]):
//!
//! - the request head must arrive within [`Limits::header_timeout`], counted
//!   from when the connection starts waiting for it, so this is also how
//!   long an idle keep-alive connection is kept;
//! - a response whose bytes make no progress for [`Limits::write_timeout`]
//!   drops the connection ([`WriteDeadline`]);
//! - at most [`Limits::max_connections`] are open at once; at the cap the
//!   loop stops accepting and new clients wait in the kernel's backlog;
//! - accept errors (`EMFILE` and the like) are logged and retried after
//!   [`ACCEPT_BACKOFF`], never fatal;
//! - on shutdown, idle connections close at once, requests in flight are
//!   answered with `Connection: close`, and whatever is left after
//!   [`Limits::shutdown_grace`] is dropped.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use crate::settings::{HEADER_TIMEOUT, SHUTDOWN_GRACE, WRITE_TIMEOUT};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Sleep;

/// File descriptors kept out of the connection cap when it is sized from
/// the file limit: 64, for stdio, the listeners, the runtime, data files
/// and upstream sockets.
pub const RESERVED_FDS: u64 = 64;
/// The listen backlog asked of the kernel: 4,096 (Linux caps it at
/// `net.core.somaxconn`, 4,096 by default), so that clients waiting at the
/// connection cap queue there instead of having their SYNs dropped and
/// retried a second or more later.
pub const LISTEN_BACKLOG: u32 = 4096;
/// How long the loop waits after an accept error (e.g. `EMFILE`) before
/// accepting again: 100 ms, so a full file table does not spin a core.
pub const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// What one connection may hold, and for how long.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The longest wait for a whole request head, idle keep-alive included.
    pub header_timeout: Duration,
    /// The longest a response may make no progress before the connection
    /// is dropped.
    pub write_timeout: Duration,
    /// The most connections open at once.
    pub max_connections: usize,
    /// How long requests in flight may take after shutdown starts.
    pub shutdown_grace: Duration,
}

impl Limits {
    /// The defaults, with the connection cap sized from the file limit.
    pub fn for_file_limit(nofile: u64) -> Self {
        Self {
            header_timeout: HEADER_TIMEOUT,
            write_timeout: WRITE_TIMEOUT,
            max_connections: connections_for(nofile),
            shutdown_grace: SHUTDOWN_GRACE,
        }
    }
}

/// How many connections fit in `nofile` descriptors, [`RESERVED_FDS`]
/// kept for the rest (at least one).
pub fn connections_for(nofile: u64) -> usize {
    let fit = nofile.saturating_sub(RESERVED_FDS).max(1);
    usize::try_from(fit).unwrap_or(usize::MAX)
}

/// The open-file limit before and after [`raise_file_limit`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLimit {
    /// The soft limit the process started with.
    pub was: u64,
    /// The soft limit now.
    pub now: u64,
    /// The hard limit, the most the soft limit may be raised to.
    pub hard: u64,
}

/// Raises the soft `RLIMIT_NOFILE` to the hard limit: the common default
/// soft limit of 1,024 is far below what a server holding one descriptor
/// per client needs.
#[cfg(unix)]
pub fn raise_file_limit() -> io::Result<FileLimit> {
    use rlimit::Resource;
    let (was, hard) = rlimit::getrlimit(Resource::NOFILE)?;
    rlimit::setrlimit(Resource::NOFILE, hard, hard)?;
    let (now, hard) = rlimit::getrlimit(Resource::NOFILE)?;
    Ok(FileLimit { was, now, hard })
}

/// A listener on `addr` with a backlog of [`LISTEN_BACKLOG`].
pub fn bind(addr: std::net::SocketAddr) -> io::Result<TcpListener> {
    let socket = match addr {
        std::net::SocketAddr::V4(_) => tokio::net::TcpSocket::new_v4()?,
        std::net::SocketAddr::V6(_) => tokio::net::TcpSocket::new_v6()?,
    };
    // As std does on Unix: a restarted server may bind while old
    // connections linger in TIME_WAIT.
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Serves `app` on `listener` within `limits` until `stopping`'s sender is
/// dropped; then stops accepting, closes idle connections, lets requests in
/// flight finish for [`Limits::shutdown_grace`] and drops the rest.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    mut stopping: watch::Receiver<()>,
) -> io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let (close, closing) = watch::channel(false);
    let mut connections = JoinSet::new();
    loop {
        // At the cap, wait here: new clients queue in the kernel's backlog.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the semaphore is never closed"),
            () = signalled(&mut stopping) => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => accepted,
            () = signalled(&mut stopping) => break,
        };
        while connections.try_join_next().is_some() {}
        match stream {
            Ok((stream, _)) => {
                let connection = serve_connection(stream, app.clone(), limits, closing.clone());
                connections.spawn(hold(slot, connection));
            }
            Err(e) => {
                tracing::warn!("accept error: {e}; accepting again in {ACCEPT_BACKOFF:?}");
                tokio::time::sleep(ACCEPT_BACKOFF).await;
            }
        }
    }
    drop(listener);
    let _ = close.send(true);
    drain(connections, limits.shutdown_grace).await;
    Ok(())
}

/// Resolves once the sender of `stopping` is gone.
async fn signalled(stopping: &mut watch::Receiver<()>) {
    while stopping.changed().await.is_ok() {}
}

/// Runs `connection`, keeping its `slot` taken until it ends.
async fn hold(slot: OwnedSemaphorePermit, connection: impl Future<Output = ()>) {
    connection.await;
    drop(slot);
}

/// Waits up to `grace` for `connections` to end, then drops them.
async fn drain(mut connections: JoinSet<()>, grace: Duration) {
    let all_done = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(grace, all_done).await.is_err() {
        tracing::warn!(
            "dropping {} connections still open {} s after shutdown began",
            connections.len(),
            grace.as_secs()
        );
        connections.shutdown().await;
    }
}

/// One HTTP/1.1 connection, shut down gracefully once `closing` turns true.
async fn serve_connection(
    stream: TcpStream,
    app: Router,
    limits: Limits,
    mut closing: watch::Receiver<bool>,
) {
    let io = TokioIo::new(WriteDeadline::new(stream, limits.write_timeout));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let connection = builder.serve_connection(io, TowerToHyperService::new(app));
    let mut connection = std::pin::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = closed(&mut closing) => {
            // Idle: closed now. In flight: answered with `Connection: close`.
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(e) = result {
        tracing::debug!("connection ended: {e}");
    }
}

/// Resolves once `closing` turns true (or its sender is gone).
async fn closed(closing: &mut watch::Receiver<bool>) {
    let _ = closing.wait_for(|closing| *closing).await;
}

/// A stream whose writes fail with [`io::ErrorKind::TimedOut`] once they
/// have made no progress for a while: a client that stops reading cannot
/// hold a response (and the memory behind it) for longer than that.
pub struct WriteDeadline<S> {
    inner: S,
    timeout: Duration,
    /// Running while a write is blocked; cleared by any progress.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<S> WriteDeadline<S> {
    /// `inner`, whose writes may stall for at most `timeout`.
    pub fn new(inner: S, timeout: Duration) -> Self {
        Self {
            inner,
            timeout,
            stalled: None,
        }
    }

    /// After the inner write returned `result`: passes progress on and
    /// clears the timer, or keeps waiting until the deadline passes.
    fn watch<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if result.is_ready() {
            self.stalled = None;
            return result;
        }
        let timeout = self.timeout;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        ready!(stalled.as_mut().poll(cx));
        let detail = format!("the client took no data for {} s", timeout.as_secs());
        Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, detail)))
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, result)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, result)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.watch(cx, result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncWriteExt;

    #[test]
    fn the_connection_cap_leaves_descriptors_for_the_rest() {
        assert_eq!(connections_for(1024), 960);
        assert_eq!(connections_for(256), 192);
        assert_eq!(connections_for(10), 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_that_makes_no_progress_fails_after_the_timeout() {
        // The reader never reads: the 64-byte pipe fills and writes block.
        let (writer, _reader) = tokio::io::duplex(64);
        let mut writer = WriteDeadline::new(writer, Duration::from_secs(5));
        let start = tokio::time::Instant::now();

        let error = writer.write_all(&[0; 1024]).await.unwrap_err();

        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert_eq!(start.elapsed(), Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn a_write_that_progresses_is_not_cut_off() {
        let (writer, mut reader) = tokio::io::duplex(64);
        let mut writer = WriteDeadline::new(writer, Duration::from_secs(5));
        let slow_reader = tokio::spawn(async move {
            let mut buf = [0; 64];
            loop {
                tokio::time::sleep(Duration::from_secs(4)).await;
                if tokio::io::AsyncReadExt::read(&mut reader, &mut buf)
                    .await
                    .unwrap()
                    == 0
                {
                    break;
                }
            }
        });

        writer.write_all(&[0; 512]).await.unwrap();
        drop(writer);
        slow_reader.await.unwrap();
    }
}
