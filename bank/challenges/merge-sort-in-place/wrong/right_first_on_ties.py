def merge_sort_events(events):
    def sort(items):
        if len(items) <= 1:
            return items
        mid = len(items) // 2
        left, right = sort(items[:mid]), sort(items[mid:])
        merged = []
        i = j = 0
        while i < len(left) and j < len(right):
            if left[i][0] < right[j][0]:
                merged.append(left[i])
                i += 1
            else:  # on equal timestamps the right run wins: ties come out reversed
                merged.append(right[j])
                j += 1
        merged.extend(left[i:])
        merged.extend(right[j:])
        return merged

    events[:] = sort(events)
    return events
