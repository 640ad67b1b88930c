def merge_sort_events(events):
    # Stable, in place, and O(n^2): every record is shifted past all larger ones before it.
    for i in range(1, len(events)):
        record = events[i]
        j = i - 1
        while j >= 0 and events[j][0] > record[0]:
            events[j + 1] = events[j]
            j -= 1
        events[j + 1] = record
    return events
