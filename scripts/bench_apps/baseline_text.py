"""Bench baseline: the lightest possible Streamlit page (one line of text)."""

import streamlit as st

st.write("Atlas baseline: one line of text")
