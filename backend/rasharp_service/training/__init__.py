"""Training runs: fine-tuning the promoted model on a dataset snapshot, in the trainer process."""
