"""Finding the 15 joints of each hand on a radiograph."""
