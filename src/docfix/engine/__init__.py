"""The restoration engine, stage by stage (docs/architecture.md draws it).

========================  ==============================================  ============================
stage                     module                                          hands on
========================  ==============================================  ============================
document context          :mod:`~docfix.engine.document`                  :class:`Document` (units, counts)
known sites (traces)      :mod:`~docfix.engine.passes`                    filled text, known edits
1 candidates              :mod:`~docfix.engine.lostset`                   (glyph, expected count)
2 gaps                    :mod:`~docfix.engine.gaps`                      gains per (gap, glyph)
3 lost set                :mod:`~docfix.engine.lostset`                   :class:`LostSet`
4 options                 :mod:`~docfix.engine.options`                   :class:`Option` per gap
5 decoding                :mod:`~docfix.engine.decode`                    :class:`Site`
6 calibration, guards     :mod:`~docfix.engine.calibrate`,                :class:`docfix.Edit`
                          :mod:`~docfix.engine.guards`,
                          :mod:`~docfix.engine.frames`
output form               :mod:`~docfix.engine.script`                    width and script of inserts
========================  ==============================================  ============================

:class:`docfix.restore.Repairer` runs the stages; the records they pass are
in :mod:`~docfix.engine.records`, every tuned constant in
:mod:`~docfix.engine.tuning`. Number rules are :mod:`docfix.numbers`, trace
reading :mod:`docfix.traces` and :mod:`docfix.decipher`.
"""
