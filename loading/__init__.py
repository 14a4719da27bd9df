"""The load contract between the readers (`sources`) and the warehouse: what a reader hands back,
where its rows go, the lineage and summary of a load, the ledger of what is loaded, and
validation."""
