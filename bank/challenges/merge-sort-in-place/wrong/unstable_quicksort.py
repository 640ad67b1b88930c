def merge_sort_events(events):
    # In-place quicksort with a middle pivot (Hoare partition): O(n log n) on average, but not stable.
    def sort(lo, hi):
        while lo < hi:
            pivot = events[(lo + hi) // 2][0]
            i, j = lo, hi
            while i <= j:
                while events[i][0] < pivot:
                    i += 1
                while events[j][0] > pivot:
                    j -= 1
                if i <= j:
                    events[i], events[j] = events[j], events[i]
                    i += 1
                    j -= 1
            if j - lo < hi - i:
                sort(lo, j)
                lo = i
            else:
                sort(i, hi)
                hi = j

    sort(0, len(events) - 1)
    return events
