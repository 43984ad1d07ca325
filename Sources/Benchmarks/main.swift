print("airs-bench")
