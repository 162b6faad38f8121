"""Rasa-server side extensions of Lotse: NLU components, response generation, channels."""
