"""What several writers share: one image lookup policy, one in-book link resolver, credits."""
