def merge_sort_events(events):
    def sort(items):
        if len(items) <= 1:
            return items
        mid = len(items) // 2
        left, right = sort(items[:mid]), sort(items[mid:])
        merged = []
        i = j = 0
        while i < len(left) and j < len(right):
            if right[j] < left[i]:  # compares [timestamp, event_id]: ties get ordered by id
                merged.append(right[j])
                j += 1
            else:
                merged.append(left[i])
                i += 1
        merged.extend(left[i:])
        merged.extend(right[j:])
        return merged

    events[:] = sort(events)
    return events
