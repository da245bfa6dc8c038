//! Discrete-event simulation (work in progress).
