"""08_figures.py - figure 1: cumulative incidence curves from aggregated counts."""
import matplotlib.pyplot as plt
import pandas as pd

curve = pd.read_csv("E:/workdata/704512/output/incidence_by_year.csv")
fig, ax = plt.subplots(figsize=(6, 4))
ax.step(curve["year"], curve["cum_incidence"], where="post")
ax.set_xlabel("Years since diagnosis")
ax.set_ylabel("Cumulative incidence of hip fracture")
fig.savefig("E:/workdata/704512/output/figure1.png", dpi=300)
