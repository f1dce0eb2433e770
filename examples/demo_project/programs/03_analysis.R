# 03_analysis.R - hip fracture incidence by diabetes status
library(dplyr)
library(survival)

cohort <- read.csv("E:/workdata/704512/derived/cohort.csv")

# quick look at the data
head(cohort)

fractures <- cohort %>%
  filter(event == 1) %>%
  group_by(koen) %>%
  summarise(n = n(), mean_age = mean(alder))

# one patient with an implausible date: check
cohort %>% filter(lbnr == 48213) %>% select(lbnr, d_inddto)

fit <- coxph(Surv(fu_time, event) ~ diabetes + alder + koen, data = cohort)
summary(fit)
print(nrow(cohort))

# fractures by diabetes status and region, for the report
sink("../logs/03_counts.txt")
with(cohort[cohort$event == 1, ], table(diabetes, region))
sink()
