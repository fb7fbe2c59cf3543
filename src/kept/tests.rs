use super::*;

/// Each case: a capacity, then steps (`+path` keeps a view named by the
/// step's index, `-path` takes one), the views each step gives back, and
/// the paths kept at the end, least recently left first.
#[test]
fn kept_views_are_bounded_and_the_least_recently_left_go_first() {
    type Case = (
        usize,
        &'static [&'static str],
        &'static [&'static [usize]],
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        // Under capacity, nothing is dropped.
        (2, &["+/", "+/a"], &[&[], &[]], &["/", "/a"]),
        // Over capacity, the first left goes.
        (2, &["+/", "+/a", "+/b"], &[&[], &[], &[0]], &["/a", "/b"]),
        // Keeping a path again replaces its old view and makes it the newest.
        (3, &["+/", "+/a", "+/"], &[&[], &[], &[0]], &["/a", "/"]),
        // A taken view is no longer kept; taking it twice gives nothing.
        (
            3,
            &["+/", "+/a", "-/", "-/"],
            &[&[], &[], &[0], &[]],
            &["/a"],
        ),
        // Taking a path never kept changes nothing.
        (3, &["+/", "-/x"], &[&[], &[]], &["/"]),
        // Capacity zero keeps nothing: each view is given straight back.
        (0, &["+/", "+/a"], &[&[0], &[1]], &[]),
        // Back and forth between two pages: both stay kept.
        (
            2,
            &["+/", "-/", "+/a", "-/a", "+/"],
            &[&[], &[0], &[], &[2], &[]],
            &["/"],
        ),
    ];
    for (capacity, steps, given_back, left) in cases {
        let mut kept = Kept::new(*capacity);
        for (index, (step, expected)) in steps.iter().zip(*given_back).enumerate() {
            let (op, path) = step.split_at(1);
            let got: Vec<usize> = match op {
                "+" => kept.keep(path.to_owned(), index),
                "-" => kept.take(path).into_iter().collect(),
                other => panic!("unknown step {other}"),
            };
            assert_eq!(
                &got, expected,
                "capacity {capacity}, step {index} ({step}) of {steps:?}"
            );
        }
        let paths: Vec<&str> = kept.paths().collect();
        assert_eq!(&paths, left, "capacity {capacity}, {steps:?}");
        assert_eq!(kept.len(), left.len());
        assert!(kept.len() <= *capacity);
    }
}

#[test]
fn only_back_and_forward_restore_and_only_views_that_may_be_kept() {
    for (traversal, keepable, restores_view) in [
        (true, true, true),
        (true, false, false),
        (false, true, false),
        (false, false, false),
    ] {
        assert_eq!(
            restores(traversal, keepable),
            restores_view,
            "{traversal} {keepable}"
        );
    }
}
