def top_k_frequent(events, k):
    # A "live" leaderboard: after every event, rank all items seen so far.
    counts = {}
    leaderboard = []
    for item in events:
        counts[item] = counts.get(item, 0) + 1
        ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        leaderboard = [name for name, _ in ranked[:k]]
    return leaderboard
