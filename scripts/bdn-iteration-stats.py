# Per-benchmark min / quartile / median / mean of the WorkloadResult lines of a BenchmarkDotNet console log.
# Usage: python3 scripts/bdn-iteration-stats.py run.log
import re,sys,statistics
cur=None; data={}
for line in open(sys.argv[1]):
    m=re.match(r'// Benchmark: (\S+): ',line)
    if m: cur=m.group(1).split('.')[-1]; data.setdefault(cur,[]); continue
    m=re.match(r'WorkloadResult\s+\d+: \d+ op, [\d.]+ ns, ([\d.]+) (\w+)/op',line)
    if m and cur:
        v=float(m.group(1)); u=m.group(2)
        v = v/1000 if u=='ns' else v*1000 if u=='ms' else v
        data[cur].append(v)
for k,v in data.items():
    s=sorted(v); q=lambda p:s[int(p*(len(s)-1))]
    print(f"{k:12} n={len(v):3} min={s[0]:7.2f} q1={q(.25):7.2f} median={statistics.median(s):7.2f} mean={statistics.mean(s):7.2f} us")
