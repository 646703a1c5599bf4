# Risico's en bijwerkingen van een geplaatste stimulator (gedeeld blok).
implant-risks-title = Risico's en bijwerkingen
implant-risks-intro = Ook als de operatie goed gaat, kunt u last krijgen van bijwerkingen. Er zijn ook risico's:
implant-risks-wound-pain = **Pijn aan de wond.** Daarvoor krijgt u pijnstillers mee.
implant-risks-bleeding = **Nabloeding.** Meestal is dit een blauwe plek (bloeduitstorting). Dat is niet erg en gaat vanzelf over.
implant-risks-infection = **Infectie.** Er komt iets in uw lichaam dat er niet hoort. Daardoor is de kans op een infectie groter.
    Voor, tijdens en na de operatie doen we er alles aan om dat te voorkomen.
implant-risks-nerve = **Schade aan een zenuw.** Bij de operatie kan een zenuw schade oplopen.
