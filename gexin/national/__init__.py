"""National planning: the whole country as one chessboard (全国一盘棋)."""
