//! Documents made side by side, at most one per core across the process.
//!
//! A workbook's documents are independent, and so are the two renderings
//! of one document; a long list's documents are laid out on every core at
//! once. The number laid out at once is bounded for the whole process (one
//! per core, [`SLOTS`]) whatever the number of workbooks under way, so a
//! batch shares the cores instead of each workbook taking them all, and
//! the memory held by documents half laid out stays that of one per core.
//!
//! Not rayon's pool for the documents themselves: Typst uses it inside, and
//! a pool thread waiting on a join takes up other queued work, so any
//! number of documents could end up half laid out at once.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, LazyLock, Mutex};
use std::time::{Duration, Instant};

/// Stack of a thread that reads a workbook or lays out a document: Typst
/// recurses deeply in long tables.
pub const STACK: usize = 16 * 1024 * 1024;

/// The cores of this machine (1 when unknown), asked once: the standard
/// library reads the cgroup files on every call.
fn cores() -> usize {
    static CORES: LazyLock<usize> =
        LazyLock::new(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    *CORES
}

/// What the one who waits for a workbook's work and the work share: how
/// long the work waited for a free core (which is not the workbook's
/// time, so its time limit is lengthened by it) and whether it was given
/// up (past its time limit: no further document is started).
#[derive(Debug, Default)]
pub struct Control {
    cancelled: AtomicBool,
    waited_us: AtomicU64,
    /// Threads of the work waiting for a core now.
    waiting: AtomicUsize,
}

impl Control {
    /// A control for one workbook's work.
    pub fn new() -> Control {
        Control::default()
    }

    /// Gives the work up: what runs finishes, nothing more starts.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    /// Whether the work was given up.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    /// How long the work has waited for a free core so far (the longest
    /// wait of its threads at each moment is not told apart: the waits of
    /// two threads add up, which errs on the workbook's side).
    pub fn waited(&self) -> Duration {
        Duration::from_micros(self.waited_us.load(Ordering::SeqCst))
    }

    /// Whether the work is waiting for a core now (its wait not yet in
    /// [`Control::waited`]).
    pub fn is_waiting(&self) -> bool {
        self.waiting.load(Ordering::SeqCst) > 0
    }

    fn add_wait(&self, wait: Duration) {
        let us = u64::try_from(wait.as_micros()).unwrap_or(u64::MAX);
        self.waited_us.fetch_add(us, Ordering::SeqCst);
    }
}

/// `work` holding one of the process's slots (one per core), the wait for
/// it counted in `control`: for the work of a workbook that is not a
/// document (reading and checking it).
pub fn with_slot<R>(control: &Control, work: impl FnOnce() -> R) -> R {
    let _slot = SLOTS.take(control);
    work()
}

/// Places for documents being laid out, shared by the whole process.
static SLOTS: LazyLock<Slots> = LazyLock::new(|| Slots::new(cores()));

struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn new(count: usize) -> Slots {
        Slots {
            free: Mutex::new(count.max(1)),
            freed: Condvar::new(),
        }
    }

    fn take(&self, control: &Control) -> Slot<'_> {
        let started = Instant::now();
        control.waiting.fetch_add(1, Ordering::SeqCst);
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        drop(free);
        control.add_wait(started.elapsed());
        control.waiting.fetch_sub(1, Ordering::SeqCst);
        Slot(self)
    }
}

/// A slot held; given back when dropped (also when the work panics).
struct Slot<'a>(&'a Slots);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        let mut free = self.0.free.lock().unwrap_or_else(|e| e.into_inner());
        *free += 1;
        self.0.freed.notify_one();
    }
}

/// `make` applied to every item, on up to one thread per core, each call
/// holding one of the process's slots (the waits counted in `control`);
/// the results in the items' order, `None` for an item not started because
/// `control` was cancelled. Items are started in the order of `order` (the
/// longest first makes the whole end soonest). A panic in `make` is
/// carried to the caller, with its message.
pub(super) fn map<T: Sync, R: Send>(
    items: &[T],
    order: &[usize],
    control: &Control,
    make: impl Fn(&T) -> R + Sync,
) -> Vec<Option<R>> {
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<std::thread::Result<R>>>> =
        items.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let taken = next.fetch_add(1, Ordering::SeqCst);
            let Some(&index) = order.get(taken) else {
                break;
            };
            if control.is_cancelled() {
                continue;
            }
            let _slot = SLOTS.take(control);
            if control.is_cancelled() {
                continue;
            }
            let made = std::panic::catch_unwind(AssertUnwindSafe(|| make(&items[index])));
            *results[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(made);
        }
    };
    std::thread::scope(|scope| {
        let helpers = cores().min(items.len()).saturating_sub(1);
        for _ in 0..helpers {
            // Should no thread be had, the caller does it all.
            let _ = std::thread::Builder::new()
                .name("vanthu-doc".into())
                .stack_size(STACK)
                .spawn_scoped(scope, work);
        }
        work();
    });
    results
        .into_iter()
        .map(|slot| {
            match slot.into_inner().unwrap_or_else(|e| e.into_inner()) {
                Some(Ok(made)) => Some(made),
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                // Not started: given up (or not in `order`).
                None => None,
            }
        })
        .collect()
}

/// `a` and `b` side by side: `b` on a thread of its own, `a` on this one.
/// They share the slot the caller holds (two renderings of one document).
/// Without a thread to be had, one after the other.
pub(super) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    let b = Mutex::new(Some(b));
    let run_b = || {
        let b = b.lock().unwrap_or_else(|e| e.into_inner()).take();
        b.map(|b| b())
    };
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("vanthu-doc".into())
            .stack_size(STACK)
            .spawn_scoped(scope, run_b);
        let a = a();
        let made_b = match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        // Not run on a thread (none could be made): run here. `b` is
        // taken once, by the thread or here.
        let made_b = made_b
            .or_else(run_b)
            .expect("b runs on its thread or, when none was made, here");
        (a, made_b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_items_order_whatever_the_order_of_work() {
        let items: Vec<usize> = (0..40).collect();
        let order: Vec<usize> = (0..40).rev().collect();
        let made = map(&items, &order, &Control::new(), |&i| {
            // The late items finish first.
            std::thread::sleep(std::time::Duration::from_micros((i % 5) as u64 * 200));
            i * 10
        });
        assert_eq!(made, (0..40).map(|i| Some(i * 10)).collect::<Vec<_>>());
    }

    #[test]
    fn no_more_documents_at_once_than_cores_even_from_many_callers() {
        let now = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let make = |_: &usize| {
            let here = now.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(here, Ordering::SeqCst);
            std::thread::sleep(std::time::Duration::from_millis(2));
            now.fetch_sub(1, Ordering::SeqCst);
        };
        let items: Vec<usize> = (0..12).collect();
        let order: Vec<usize> = (0..12).collect();
        // Four workbooks under way at once, as in a batch.
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| map(&items, &order, &Control::new(), make));
            }
        });
        let most = most.load(Ordering::SeqCst);
        assert!(
            most >= 1 && most <= cores(),
            "{most} at once on {} cores",
            cores()
        );
    }

    #[test]
    fn a_panic_reaches_the_caller_with_its_message_and_frees_its_slot() {
        let items = [1, 2, 3];
        let caught = std::panic::catch_unwind(|| {
            map(&items, &[0, 1, 2], &Control::new(), |&i| {
                if i == 2 {
                    panic!("hỏng ở {i}");
                }
                i
            })
        })
        .expect_err("the panic is carried");
        assert_eq!(
            caught.downcast_ref::<String>().map(String::as_str),
            Some("hỏng ở 2")
        );
        // Every slot came back: as many documents as cores fit at once.
        let items: Vec<usize> = (0..cores()).collect();
        let all: Vec<Option<usize>> = items.iter().copied().map(Some).collect();
        assert_eq!(map(&items, &items, &Control::new(), |&i| i), all);
    }

    #[test]
    fn a_cancelled_control_starts_nothing_more_and_waits_are_counted() {
        let control = Control::new();
        let started = AtomicUsize::new(0);
        let items: Vec<usize> = (0..20).collect();
        let made = map(&items, &items, &control, |&i| {
            started.fetch_add(1, Ordering::SeqCst);
            if i == 0 {
                control.cancel();
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
            i
        });
        // The first, and what another core had started beside it.
        let started = started.load(Ordering::SeqCst);
        assert!(started >= 1 && started <= cores(), "{started} started");
        assert_eq!(made[0], Some(0));
        assert_eq!(made.iter().filter(|m| m.is_some()).count(), started);
        // Every core held elsewhere: the wait is the work's, counted.
        let control = Control::new();
        let hold = Control::new();
        let release = AtomicBool::new(false);
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::channel();
            for _ in 0..cores() {
                let (tx, hold, release) = (tx.clone(), &hold, &release);
                scope.spawn(move || {
                    with_slot(hold, || {
                        let _ = tx.send(());
                        while !release.load(Ordering::SeqCst) {
                            std::thread::sleep(Duration::from_millis(1));
                        }
                    })
                });
            }
            for _ in 0..cores() {
                rx.recv().unwrap();
            }
            let waiter = scope.spawn(|| with_slot(&control, || ()));
            std::thread::sleep(Duration::from_millis(50));
            assert!(control.is_waiting());
            release.store(true, Ordering::SeqCst);
            waiter.join().unwrap();
        });
        assert!(!control.is_waiting());
        assert!(
            control.waited() >= Duration::from_millis(40),
            "{:?}",
            control.waited()
        );
    }

    #[test]
    fn join_gives_both_results_and_carries_a_panic_of_either() {
        assert_eq!(join(|| 1, || "hai"), (1, "hai"));
        let caught = std::panic::catch_unwind(|| join(|| 1, || -> u8 { panic!("docx hỏng") }))
            .expect_err("the panic is carried");
        assert_eq!(caught.downcast_ref::<&str>(), Some(&"docx hỏng"));
    }
}
