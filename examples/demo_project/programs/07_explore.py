"""07_explore.py - exploratory checks of the derived cohort."""
import pandas as pd

cohort = pd.read_csv("E:/workdata/704512/derived/cohort.csv")
print(cohort.head(10))

odd = cohort[cohort["pnr"] == "PSEUDO-000417"]
print(cohort.groupby("koen").size())
