//! One stable sort for the whole crate.
//!
//! Each `sort_by` on a new element type or comparison is a new copy of the
//! standard library's sort in the Wasm (about 3 KB each, a dozen in the
//! authoring build). Here every caller sorts positions (`usize`) with its
//! comparison behind a `&dyn Fn`, so there is one copy; the elements are then
//! moved into that order. The result is the standard stable sort's: equal
//! elements keep their order.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, as `v.sort_by(cmp)` does.
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = positions(v.len(), &|a, b| cmp(&v[a], &v[b]));
    permute(v, order);
}

/// Sorts `v` stably by the key `key` gives, as `v.sort_by_key(key)` does.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` and drops repeats, as `v.sort(); v.dedup()` does.
pub fn sort_dedup<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
    v.dedup();
}

/// The positions `0..n` in the order `cmp` puts them, ties by position.
/// Not generic: the one copy of the sort.
fn positions(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Moves the elements so that `v[i]` is the one that was at `order[i]`,
/// one cycle of the permutation at a time (each element moves once).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        // `order[at] == at` marks a place already filled.
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_the_standard_stable_sort() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for round in 0..2000 {
            let n = next() % [3, 20, 200][round % 3];
            // Few distinct keys, so ties are common: their order shows stability.
            let keys = 1 + next() % 8;
            let v: Vec<(usize, usize)> = (0..n).map(|i| (next() % keys, i)).collect();
            let (mut ours, mut std) = (v.clone(), v.clone());
            sort_by_key(&mut ours, |p| p.0);
            std.sort_by_key(|p| p.0);
            assert_eq!(ours, std, "{v:?}");
            let (mut ours, mut std) = (v.clone(), v);
            sort_by(&mut ours, |a, b| b.0.cmp(&a.0));
            std.sort_by(|a, b| b.0.cmp(&a.0));
            assert_eq!(ours, std);
        }
        let mut words = vec!["b", "a", "c", "a", "b"];
        sort_dedup(&mut words);
        assert_eq!(words, ["a", "b", "c"]);
    }
}
