"""The risk register: threats and opportunities of portfolios, programs and projects."""
