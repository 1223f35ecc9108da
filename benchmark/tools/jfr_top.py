#!/usr/bin/env python3
"""The top 10 of a JFR recording's execution samples, grouped by the first frame outside the JDK
(our code or a library's). Usage: jfr_top.py recording.jfr (needs the JDK's jfr on the PATH).
Used for the profiles in api-gateway/README.md; not part of any build or test."""
import json, subprocess, sys, collections
rec = sys.argv[1]
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", rec],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.")
first = collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    name = "(no stack)"
    for f in frames:
        m = f["method"]
        cls = m["type"]["name"].replace("/", ".")
        if not cls.startswith(JDK):
            name = cls + "." + m["name"]
            break
    else:
        if frames:
            m = frames[0]["method"]; name = m["type"]["name"].replace("/", ".") + "." + m["name"] + " (JDK)"
    first[name] += 1
total = sum(first.values())
print(f"{total} samples")
print("| share | first non-JDK frame |\n| --- | --- |")
for name, n in first.most_common(10):
    print(f"| {100*n/total:.1f} % | `{name}` |")
