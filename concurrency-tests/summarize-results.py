#!/usr/bin/env python3
# Sums a jcstress report's per-run sample counts per test and outcome: python3 summarize-results.py <report dir>
import re,sys,glob,os
rows=[]
for f in sorted(glob.glob(os.path.join(sys.argv[1],'dev.quiesce.*.html'))):
    s=open(f).read()
    name=os.path.basename(f)[len('dev.quiesce.agent.runtime.'):-5]
    r=s[s.find('<h3>Results</h3>'):]
    hdr=r.split('</tr>')
    states=re.findall(r"<th nowrap align='center'>(.*?)</th>",hdr[1])
    exp=re.findall(r"<td>(.*?)</td>",hdr[2])
    desc=re.findall(r"<td>(.*?)</td>",hdr[3])
    tot=[0]*len(states); runs=0
    for tr in hdr[4:]:
        cells=re.findall(r"<td align='right'[^>]*>(\d+)</td>",tr)
        if len(cells)==len(states):
            runs+=1
            for i,c in enumerate(cells): tot[i]+=int(c)
    rows.append((name,runs,sum(tot),list(zip(states,exp,tot,desc))))
for name,runs,total,st in rows:
    print(f"{name}: {runs} runs, {total:,} samples")
    for state,e,t,d in st:
        print(f"    {state:>14}  {e:<11} {t:>14,}  {d}")
